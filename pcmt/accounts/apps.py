from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pcmt.accounts"
    label = "accounts"
    verbose_name = _("Agencies and users")

    def ready(self) -> None:
        from pcmt.accounts import signals  # noqa: F401 - connects the login audit
        from pcmt.accounts.scope import commune_keeper
        from pcmt.core.extensions import register_commune_keeper

        register_commune_keeper(commune_keeper)
