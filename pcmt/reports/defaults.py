"""The templates shipped with the system; administrators edit them afterwards (data, not code)."""

from typing import Any

PERIODIC = ["monthly", "quarterly", "six_month", "nine_month", "yearly", "ad_hoc"]

DRUG_REPORT: dict[str, Any] = {
    "code": "drug-periodic",
    "name": "Báo cáo định kỳ công tác phòng, chống ma túy",
    "issuing_body": "CÔNG AN",
    "period_kinds": PERIODIC,
    "layout": {
        "sections": [
            {
                "title": "I. Người sử dụng trái phép, người nghiện ma túy",
                "rows": [
                    {
                        "code": "1",
                        "label": "Người sử dụng trái phép chất ma túy",
                        "source": "persons.drug_user",
                    },
                    {"code": "2", "label": "Người nghiện ma túy", "source": "persons.dependent"},
                    {
                        "code": "3",
                        "label": "Người đang quản lý sau cai nghiện",
                        "source": "persons.post_rehab",
                    },
                    {
                        "code": "4",
                        "label": "Người điều trị thay thế (methadone)",
                        "source": "persons.substitution_therapy",
                    },
                    {"code": "5", "label": "Tổng số người có hồ sơ", "sum": ["1", "2", "3", "4"]},
                    {
                        "code": "6",
                        "label": "Người sử dụng mới phát hiện trong kỳ",
                        "source": "persons.new_drug_users",
                    },
                    {
                        "code": "7",
                        "label": "Quyết định quản lý người sử dụng trái phép",
                        "source": "casework.management_decisions",
                    },
                    {
                        "code": "8",
                        "label": "Người được đưa vào cai nghiện",
                        "source": "rehab.started",
                    },
                ],
            },
            {
                "title": "II. Địa bàn, tụ điểm, vụ việc",
                "rows": [
                    {
                        "code": "9",
                        "label": "Điểm, tụ điểm phức tạp đang tồn tại",
                        "source": "places.hotspots_open",
                    },
                    {
                        "code": "10",
                        "label": "Trong đó: điểm nóng",
                        "source": "places.hotspots_severe",
                    },
                    {"code": "11", "label": "Vụ việc về ma túy", "source": "places.incidents"},
                    {
                        "code": "12",
                        "label": "Đối tượng trong các vụ việc",
                        "source": "places.offenders",
                    },
                    {
                        "code": "13",
                        "label": "Cây có chất ma túy bị phá (cây)",
                        "source": "places.plants",
                    },
                    {
                        "code": "14",
                        "label": "Cơ sở kinh doanh có điều kiện đang hoạt động",
                        "source": "places.businesses",
                    },
                ],
            },
        ]
    },
}

REVIEW_SUMMARY: dict[str, Any] = {
    "code": "review-round-summary",
    "name": "Tổng hợp kết quả rà soát, thống kê người sử dụng trái phép, người nghiện ma túy",
    "issuing_body": "CÔNG AN",
    "period_kinds": ["ad_hoc", "six_month", "yearly"],
    "layout": {
        "sections": [
            {
                "title": "Kết quả rà soát tại ngày chốt số liệu",
                "rows": [
                    {
                        "code": "1",
                        "label": "Người sử dụng trái phép chất ma túy",
                        "source": "persons.drug_user",
                    },
                    {
                        "code": "2",
                        "label": "Người nghi sử dụng",
                        "source": "persons.suspected_user",
                    },
                    {"code": "3", "label": "Người nghiện ma túy", "source": "persons.dependent"},
                    {
                        "code": "4",
                        "label": "Người điều trị thay thế (methadone)",
                        "source": "persons.substitution_therapy",
                    },
                    {
                        "code": "5",
                        "label": "Người đang quản lý sau cai nghiện",
                        "source": "persons.post_rehab",
                    },
                    {
                        "code": "6",
                        "label": "Người chấp hành xong án phạt tù về ma túy",
                        "source": "persons.released_offender",
                    },
                    {"code": "7", "label": "Tổng cộng", "sum": ["1", "2", "3", "4", "5", "6"]},
                ],
            }
        ]
    },
}

SHIPPED = [DRUG_REPORT, REVIEW_SUMMARY]


def templates_install(model: Any) -> None:
    """Create the shipped templates that are missing (an edited one is left as it is)."""
    for values in SHIPPED:
        model.objects.get_or_create(
            code=values["code"], defaults={k: v for k, v in values.items() if k != "code"}
        )
