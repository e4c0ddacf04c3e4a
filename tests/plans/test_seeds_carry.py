"""The demo's yearly plans are carried to the current year, as a province copies its plan."""

from pcmt.plans.models import Plan
from pcmt.plans.seeds import plan_templates_carry_forward, plan_templates_load


def test_the_yearly_plan_is_copied_up_to_the_year_once(db, province):
    plan_templates_load(province=province)
    before = Plan.objects.count()
    made = plan_templates_carry_forward(province=province, year=2026)
    assert made >= 2  # 2024 → 2025 → 2026 for each yearly plan
    years = sorted(
        p.period_start.year for p in Plan.objects.filter(unit=province) if p.copied_from_id
    )
    assert 2026 in years and 2025 in years
    hanoi_45 = Plan.objects.get(unit=province, template_key="hanoi-45-2024")
    copy_2025 = Plan.objects.get(copied_from=hanoi_45)
    copy_2026 = Plan.objects.get(copied_from=copy_2025)
    assert copy_2026.period_start.year == 2026
    assert copy_2026.targets.count() == hanoi_45.targets.count() > 0
    assert plan_templates_carry_forward(province=province, year=2026) == 0
    assert Plan.objects.count() == before + made
