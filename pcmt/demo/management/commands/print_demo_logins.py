"""`manage.py print_demo_logins`: the demo accounts, in Vietnamese, for whoever runs the demo."""

from typing import Any

from django.core.management.base import BaseCommand

from pcmt.accounts.models import DataRole, User
from pcmt.accounts.scope import Scope, scope_for
from pcmt.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, unit_full_name
from pcmt.persons.models import Person

ROLE_LABELS = {
    DataRole.OFFICER: "Cán bộ nghiệp vụ",
    DataRole.SUPERVISOR: "Giám sát",
    DataRole.ANALYST: "Phân tích số liệu",
    DataRole.NONE: "Không xem dữ liệu",
}


def _visible(user: User, scope: Scope, url: str) -> str:
    """What the account can see, from the same scope the application applies."""
    if scope.national and not scope.reaches_country:
        return "Báo cáo định kỳ các tỉnh gửi lên và tổng hợp toàn quốc; không xem hồ sơ người"
    if scope.is_empty:
        if user.is_staff:
            return (
                f"Trang quản trị {url}admin/: tài khoản, cơ quan, đơn vị hành chính, "
                "thôn/tổ dân phố; không xem hồ sơ người"
            )
        return "Không xem được dữ liệu"
    assert user.agency is not None  # a non-empty scope comes from an agency
    unit = unit_full_name(user.agency.unit)
    where = f"toàn {unit}" if scope.province_id is not None else unit
    if scope.national:
        where = "toàn quốc"
    count = Person.objects.filter(scope.province_q("managing_province", "managing_commune")).count()
    if scope.can_write_persons:
        return f"Hồ sơ người của {where} ({count} người): xem, đăng ký, sửa"
    if scope.can_read_persons:
        return f"Hồ sơ người của {where} ({count} người): chỉ xem, không sửa"
    return f"Chỉ số liệu tổng hợp của {where} ({count} người), không xem họ tên"


class Command(BaseCommand):
    help = "Print the demo accounts, their password and what each can see (in Vietnamese)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="the host the server listens on")
        parser.add_argument("--port", default="8000", help="the port the server listens on")

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"]
        # A server listening on every interface is reached on this machine as localhost.
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        url = (
            f"http://[{shown}]:{options['port']}/"
            if ":" in shown
            else f"http://{shown}:{options['port']}/"
        )
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[a.username for a in DEMO_ACCOUNTS]
            ).select_related("agency__unit")
        }
        if not users:
            self.stderr.write("Chưa có tài khoản demo. Chạy trước: python manage.py load_demo")
            return
        header = ("Tài khoản", "Mật khẩu", "Vai trò", "Cơ quan", "Được xem")
        rows = []
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                continue
            role = "Quản trị hệ thống" if user.is_staff else ROLE_LABELS[DataRole(user.data_role)]
            agency = user.agency.name if user.agency else "—"
            rows.append(
                (user.username, DEMO_PASSWORD, role, agency, _visible(user, scope_for(user), url))
            )
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
        rule = "+".join("-" * (w + 2) for w in widths)

        def line(cells: tuple[str, ...]) -> str:
            return "|".join(
                f" {cell.ljust(width)} " for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        self.stdout.write(
            f"Mở {url} trong trình duyệt và đăng nhập bằng một tài khoản dưới đây "
            f"(mật khẩu chung: {DEMO_PASSWORD})."
        )
        self.stdout.write(rule)
        self.stdout.write(line(header))
        self.stdout.write(rule)
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(rule)
