"""Logged field names and coded values read as the models name them, in the reader's language."""

from django.utils import translation

from pcmt.audit.labels import field_label, stream_label, value_label
from pcmt.persons.selectors import readable_changes
from pcmt.rules import law_title


def test_an_episode_field_reads_with_its_model_name(db):
    with translation.override("vi"):
        assert field_label("started_on") != "started_on"
        assert field_label("no_such_field") == "no_such_field"


def test_coded_values_read_as_their_names(db):
    with translation.override("vi"):
        assert value_label("law", "law_73_2021") == str(law_title("law_73_2021"))
        assert value_label("law_code", "law_120_2025") == str(law_title("law_120_2025"))
        assert value_label("sex", "female") == "Nữ"
        assert value_label("months", 12) is None


def test_a_timeline_line_has_no_raw_code_or_iso_time(db):
    with translation.override("vi"):
        rows = readable_changes(
            {
                "law": [None, "law_73_2021"],
                "until": [None, "2026-12-01T05:22:40.379595+00:00"],
                "registered_on": [None, "2026-07-01"],
            }
        )
    text = " ".join(" ".join(row) for row in rows)
    assert "law_73_2021" not in text and "T05:22" not in text and "2026-07-01" not in text
    assert "12:22 01/12/2026" in text and "01/07/2026" in text


def test_a_subject_a_status_and_a_yes_are_named_in_vietnamese():
    assert stream_label("person") == "Đối tượng"
    # Some models keep Django's default name for `status`; the translated one is shown.
    assert field_label("status") == "Trạng thái"
    assert value_label("is_key", True) == "có"
    assert value_label("is_key", False) == "không"


def test_registered_event_fields_and_lists_of_codes_read_as_names(db):
    with translation.override("vi"):
        assert field_label("computed_type") == "Loại tính từ hồ sơ"
        from pcmt.places.classification import CRITERION_LABELS

        named = value_label("criteria_met", ["drug_use_places", "drug_route"])
        assert named == f"{CRITERION_LABELS['drug_use_places']}, {CRITERION_LABELS['drug_route']}"
        assert "drug_" not in named and named.startswith("Tụ điểm")
        assert value_label("criteria_met", ["unknown_code"]) == "unknown_code"
        assert value_label("criteria_met", [1, 2]) is None


def test_plan_events_and_target_indicators_read_as_names(db):
    from pcmt.audit.labels import action_label
    from pcmt.plans.indicators import indicator_get

    with translation.override("vi"):
        assert action_label("plan_created") == "lập kế hoạch"
        assert action_label("target_added") == "thêm chỉ tiêu"
        named = value_label("indicator", "services_reached")
        indicator = indicator_get("services_reached")
        assert indicator is not None and named == str(indicator.name) != "services_reached"
