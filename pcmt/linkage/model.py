"""The PCMT linkage model: comparisons, levels and blocking rules as Splink settings.

Comparisons are SQL on columns that `pcmt.linkage.engine` precomputes in Python (folded
names, variant-group surnames, parsed births, cleaned ID and phone numbers, 2025 communes),
so the same settings run on DuckDB and on Spark. Level labels are stable: the pretrained
parameters in `parameters.json` are keyed by them.
"""

from dataclasses import dataclass
from typing import Any

# Both records carry Vietnamese marks.
_MARKS = "name_marked_l IS NOT NULL AND name_marked_r IS NOT NULL"
# Given names with the same letters but different marks, both written with marks (Hùng/Hưng).
_GIVEN_CLASH = f"({_MARKS} AND given_l = given_r AND given_marked_l <> given_marked_r)"


# One record has an old 9-digit ID, the other a 12-digit one.
_OLD_AND_NEW = (
    "((id_kind_l = 'cccd' AND id_kind_r = 'cmnd') OR (id_kind_l = 'cmnd' AND id_kind_r = 'cccd'))"
)
# ...and they are consistent: province codes and the 12-digit ID's birth year (±1).
_CONSISTENT = (
    "(list_has_any(id_region_l, id_region_r) AND coalesce(CASE WHEN id_kind_l = 'cccd' "
    "THEN abs(id_year_l - birth_year_r) <= 1 ELSE abs(id_year_r - birth_year_l) <= 1 END, TRUE))"
)


# One side's candidate communes (a split pre-2025 commune, a bare commune name) hold the
# other's commune or one of its candidates.
_COMMUNE_CANDIDATE = (
    "coalesce(list_has_any(candidates_l, candidates_r) OR list_contains(candidates_l, commune_r) "
    "OR list_contains(candidates_r, commune_l), FALSE)"
)


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    null: bool = False
    tf: str | None = None
    # The frequency adjustment is taken against this level's own u (its column is not the
    # one the level compares exactly: a partial name weighed by how common its parts are).
    tf_own_u: bool = False
    # Kept at its pretrained value when the model is estimated on new data.
    fixed: bool = False
    # Starting values when no pretrained value exists (and the value of a fixed level).
    m: float | None = None
    u: float | None = None


@dataclass(frozen=True)
class ComparisonSpec:
    name: str
    description: str
    levels: tuple[Level, ...]

    def as_splink(self, parameters: dict[str, dict[str, float]] | None) -> dict[str, Any]:
        levels = []
        for level in self.levels:
            item: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
            if level.null:
                item["is_null_level"] = True
            else:
                known = (parameters or {}).get(level.label)
                if level.fixed or known is None:
                    known = {"m": level.m, "u": level.u} if level.m and level.u else None
                if known is not None:
                    item["m_probability"] = known["m"]
                    item["u_probability"] = known["u"]
                if level.fixed:
                    item["fix_m_probability"] = True
                    item["fix_u_probability"] = True
            if level.tf:
                item["tf_adjustment_column"] = level.tf
                item["tf_adjustment_weight"] = 1.0
                if level.tf_own_u:
                    item["disable_tf_exact_match_detection"] = True
            levels.append(item)
        return {
            "output_column_name": self.name,
            "comparison_description": self.description,
            "comparison_levels": levels,
        }


NAME = ComparisonSpec(
    "name",
    "Full name, folded (no marks, đ→d) with mark-aware levels",
    (
        Level("missing", "name_folded_l IS NULL OR name_folded_r IS NULL", null=True),
        Level(
            "exact with marks",
            f"{_MARKS} AND name_marked_l = name_marked_r",
            tf="name_folded",
        ),
        # Marks tell names apart (Hùng ≠ Hưng): the same letters with other marks are other
        # names unless ID, phone or birth date say otherwise. A rule, not estimated.
        Level(
            "same letters, different marks",
            f"{_MARKS} AND name_folded_l = name_folded_r",
            fixed=True,
            m=0.01,
            u=0.5,
        ),
        Level("exact without marks", "name_folded_l = name_folded_r", tf="name_folded"),
        # "Ngọc Anh" written "Ngọcanh" (or the other way round): the same letters in order.
        Level(
            "same letters, spaces differ (compound name joined or split)",
            "name_compact_l = name_compact_r AND NOT " + _GIVEN_CLASH,
            m=0.005,
            u=1e-6,
        ),
        Level(
            "same words, other order",
            "name_key_l = name_key_r AND NOT " + _GIVEN_CLASH,
            tf="name_key",
            tf_own_u=True,
        ),
        Level(
            "surname variant (Hoàng/Huỳnh, Vũ/Võ)",
            "surname_group_l = surname_group_r AND middle_l = middle_r AND given_l = given_r "
            "AND NOT " + _GIVEN_CLASH,
        ),
        Level(
            "one typo",
            "damerau_levenshtein(name_folded_l, name_folded_r) <= 1 AND NOT " + _GIVEN_CLASH,
        ),
        Level(
            "surname and given name, middle name missing on one side",
            "surname_group_l = surname_group_r AND given_l = given_r "
            "AND (middle_l = '' OR middle_r = '') AND NOT " + _GIVEN_CLASH,
            tf="surname_given",
            tf_own_u=True,
        ),
        # "Nguyễn Văn Quyết" ~ "Nguyễn Văn Đình Quyết", "Trương Minh" ~ "Minh Trương Văn":
        # every word of the shorter name is in the longer one (a middle name added or
        # dropped, or surname and given name only), in whatever order.
        Level(
            "one name's words all in the other (middle name added or dropped)",
            "len(name_words_l) >= 2 AND len(name_words_r) >= 2 "
            "AND (list_has_all(name_words_l, name_words_r) "
            "OR list_has_all(name_words_r, name_words_l)) AND NOT " + _GIVEN_CLASH,
            m=0.03,
            u=2e-5,
        ),
        Level(
            "surname and given name, middle name differs",
            "surname_group_l = surname_group_r AND given_l = given_r AND NOT " + _GIVEN_CLASH,
            tf="surname_given",
            tf_own_u=True,
        ),
        Level(
            "close spelling",
            "jaro_winkler_similarity(name_folded_l, name_folded_r) >= 0.92 "
            "AND damerau_levenshtein(name_folded_l, name_folded_r) <= 2 "
            "AND NOT " + _GIVEN_CLASH,
        ),
        Level("different", "ELSE"),
    ),
)

BIRTH = ComparisonSpec(
    "birth",
    "Date of birth (year-only births allowed; the ID number's year when none is recorded)",
    (
        Level("missing", "birth_year_l IS NULL OR birth_year_r IS NULL", null=True),
        Level(
            "same date",
            "birth_year_l = birth_year_r AND birth_month_l = birth_month_r "
            "AND birth_day_l = birth_day_r",
        ),
        Level(
            "same year, one side year only",
            "birth_year_l = birth_year_r AND (birth_month_l IS NULL OR birth_month_r IS NULL)",
        ),
        Level(
            "same year, day and month swapped or one of them differs",
            "birth_year_l = birth_year_r AND (birth_month_l = birth_month_r "
            "OR birth_day_l = birth_day_r "
            "OR (birth_month_l = birth_day_r AND birth_day_l = birth_month_r))",
        ),
        Level(
            "year typo, same day and month",
            "birth_month_l = birth_month_r AND birth_day_l = birth_day_r "
            "AND abs(birth_year_l - birth_year_r) <= 10 AND (abs(birth_year_l - birth_year_r) = 1 "
            "OR damerau_levenshtein(CAST(birth_year_l AS VARCHAR), CAST(birth_year_r AS VARCHAR))"
            " <= 1)",
        ),
        # The same ID number with another birth: the birth was typed wrong (the ID number
        # already counts; this level only stops the birth from counting against).
        Level(
            "other birth, same ID number (a typo in the birth)",
            "id_number_l = id_number_r",
            m=0.02,
            u=0.02,
        ),
        Level("same year, other date", "birth_year_l = birth_year_r", m=0.004, u=0.02),
        # Lunar-year age or a slip, most often on lists that give the year only.
        Level(
            "one year apart, a year-only birth on one side",
            "abs(birth_year_l - birth_year_r) = 1 "
            "AND (birth_month_l IS NULL OR birth_month_r IS NULL)",
            m=0.02,
            u=0.02,
        ),
        Level("one year apart", "abs(birth_year_l - birth_year_r) = 1"),
        Level("2 to 5 years apart", "abs(birth_year_l - birth_year_r) <= 5", m=0.003, u=0.1),
        # Expectation maximisation takes fathers and sons of the same name for matches and
        # makes this level too likely among matches: a rule, not estimated. Birth typos of
        # records that share an ID number are taken by the same-ID level, hence m = 0.001.
        Level("more than 5 years apart (another generation)", "ELSE", fixed=True, m=0.001, u=0.9),
    ),
)

SEX = ComparisonSpec(
    "sex",
    "Sex (recorded, or read from a 12-digit ID number)",
    (
        Level("missing", "sex_l IS NULL OR sex_r IS NULL", null=True),
        Level("same", "sex_l = sex_r"),
        Level("different", "ELSE"),
    ),
)

ID_NUMBER = ComparisonSpec(
    "id_number",
    "Personal ID (12 digits) or old ID (9 digits), typo-tolerant; "
    "9 vs 12 digits by their province and birth year",
    (
        Level(
            "missing",
            "id_number_l IS NULL OR id_number_r IS NULL",
            null=True,
        ),
        Level("same", "id_number_l = id_number_r"),
        # No digit in common, but the old ID's issuing province is the new one's
        # birth-registration province and the new one's birth year is the other's. The
        # birth year is already counted by the birth comparison and the province mostly by
        # the commune: what is left is weak evidence (×6), a rule. Estimated, the level
        # counts the birth year twice and links namesakes of one year.
        Level(
            "9 and 12 digits, province and birth year consistent",
            f"{_OLD_AND_NEW} AND {_CONSISTENT}",
            fixed=True,
            m=0.03,
            u=0.005,
        ),
        # The old ID's issuing province is not the new one's birth-registration province, or
        # the new one's birth year is not the other record's: mostly two persons, but an old
        # ID was issued where one lived, not where one's birth was registered. A rule (the
        # lists estimation sees rarely hold a migrant's two numbers).
        Level(
            "9 and 12 digits, province or birth year not consistent",
            _OLD_AND_NEW,
            fixed=True,
            m=0.1,
            u=0.9,
        ),
        Level(
            "one digit apart, same encoded sex and birth year",
            "damerau_levenshtein(id_number_l, id_number_r) <= 1 "
            "AND coalesce(id_year_l = id_year_r AND id_sex_l = id_sex_r, TRUE)",
            m=0.03,
            u=2e-6,
        ),
        Level(
            "one digit apart",
            "damerau_levenshtein(id_number_l, id_number_r) <= 1",
            m=0.01,
            u=2e-6,
        ),
        # Two 12-digit personal IDs more than one typo apart belong to two persons: the
        # number is issued once, for life. Stronger than any name, birth and commune
        # agreement (namesakes born the same day in one commune exist). A rule.
        Level(
            "two different 12-digit personal IDs",
            "id_kind_l = 'cccd' AND id_kind_r = 'cccd'",
            fixed=True,
            m=2e-6,
            u=0.999,
        ),
        Level("different", "ELSE"),
    ),
)

PHONE = ComparisonSpec(
    "phone",
    "Phone number in national form (+84 → 0)",
    (
        Level("missing", "phone_l IS NULL OR phone_r IS NULL", null=True),
        Level("same, one person's number", "phone_l = phone_r AND NOT phone_shared_l"),
        # A household's number: siblings, a father and his son give the same phone.
        # Random pairs almost never share a number, but siblings do: the number says "same
        # household", which the address already says. A rule, not estimated.
        Level(
            "same, shared by persons of different birth years",
            "phone_l = phone_r",
            fixed=True,
            m=0.2,
            u=0.05,
        ),
        Level(
            "one digit apart",
            "damerau_levenshtein(phone_l, phone_r) <= 1",
            m=0.02,
            u=1e-5,
        ),
        Level("different", "ELSE"),
    ),
)

COMMUNE = ComparisonSpec(
    "commune",
    "Address as a 2025 commune (pre-2025 addresses converted)",
    (
        # A commune name alone ("Minh Châu") names several communes of several provinces:
        # no province, only candidates. It says nothing unless a candidate is the other's.
        Level(
            "missing",
            f"(province_l IS NULL OR province_r IS NULL) AND NOT ({_COMMUNE_CANDIDATE}) "
            "AND (len(places_l) = 0 OR len(places_r) = 0)",
            null=True,
        ),
        # Weighed by the commune's size: sharing a small commune says more.
        Level("same commune", "commune_l = commune_r", tf="commune"),
        Level(
            "possibly the same commune (a split pre-2025 commune, a commune name alone)",
            _COMMUNE_CANDIDATE,
        ),
        # A commune name alone naming none of the other's communes (and no province known):
        # another commune, though the name may be an old one the unit tables spell otherwise.
        Level(
            "other commune, one side a commune name alone",
            "province_l IS NULL OR province_r IS NULL",
            m=0.1,
            u=0.9,
        ),
        Level("same province", "province_l = province_r"),
        Level("different", "ELSE"),
    ),
)

COMPARISONS: tuple[ComparisonSpec, ...] = (NAME, BIRTH, SEX, ID_NUMBER, PHONE, COMMUNE)

# Reference records (the registry) are already deduplicated: never compared with each other.
_NOT_BOTH_REFERENCE = "NOT (l.is_reference AND r.is_reference)"

# Each rule's pairs at 1,000,000 records (3 provinces) are in docs/linkage.md; together about
# 30 million candidate pairs.
BLOCKING_RULES: tuple[str, ...] = tuple(
    f"{rule} AND {_NOT_BOTH_REFERENCE}"
    for rule in (
        "l.id_number = r.id_number",
        "l.phone = r.phone",
        # `provinces` and `places` are exploded (`EXPLODED`): a commune name alone ("Phú
        # Cát") is in each province and commune it may name.
        "l.surname_group = r.surname_group AND l.given = r.given AND l.birth_year = r.birth_year "
        "AND l.provinces = r.provinces",
        "l.name_key = r.name_key AND l.birth_year = r.birth_year",
        "l.name_key = r.name_key AND l.commune = r.commune",
        "l.given = r.given AND l.middle = r.middle AND l.commune = r.commune",
        "l.given = r.given AND l.middle = r.middle AND l.birth_year = r.birth_year "
        "AND l.province = r.province",
        # Any name change but the surname (compound names joined, given name typed wrong).
        "l.surname_group = r.surname_group AND l.birth_year = r.birth_year AND l.places = r.places",
        # Any name change at all, in one commune.
        "l.birth_year = r.birth_year AND l.birth_month = r.birth_month "
        "AND l.birth_day = r.birth_day AND l.commune = r.commune",
        "l.surname_group = r.surname_group AND l.birth_year = r.birth_year "
        "AND l.birth_month = r.birth_month AND l.birth_day = r.birth_day",
        "l.given = r.given AND l.birth_year = r.birth_year "
        "AND l.birth_month = r.birth_month AND l.birth_day = r.birth_day",
        # The year written off by one (lunar age, a slip) or mistyped: day and month kept.
        "l.surname_group = r.surname_group AND l.given = r.given "
        "AND l.birth_month = r.birth_month AND l.birth_day = r.birth_day "
        "AND l.provinces = r.provinces",
    )
)

# Array columns a blocking rule explodes (one row per element) when it names them.
EXPLODED: tuple[str, ...] = ("provinces", "places")


def blocking_rules(dialect: str = "duckdb") -> list[str | dict[str, Any]]:
    """The blocking rules in Splink's form: rules on an array column explode it."""
    rules: list[str | dict[str, Any]] = []
    for rule in BLOCKING_RULES:
        arrays = [column for column in EXPLODED if f"l.{column} " in rule]
        if arrays:
            rules.append(
                {"blocking_rule": rule, "sql_dialect": dialect, "arrays_to_explode": arrays}
            )
        else:
            rules.append(rule)
    return rules


# Pairs these rules find are almost surely matches: they estimate how many matches there are.
DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.id_number = r.id_number AND l.id_kind = 'cccd'",
    "l.name_folded = r.name_folded AND l.birth_year = r.birth_year "
    "AND l.birth_month = r.birth_month AND l.birth_day = r.birth_day AND l.commune = r.commune",
)

# Expectation maximisation runs on these blocks; each leaves some comparisons to estimate.
TRAINING_RULES: tuple[str, ...] = (
    "l.id_number = r.id_number",
    "l.surname_group = r.surname_group AND l.given = r.given AND l.birth_year = r.birth_year",
    # Births as lists write them (year only, a year off) among records without an ID number:
    # the ID block alone holds the records lists write most completely.
    "l.name_folded = r.name_folded AND l.commune = r.commune",
)


# DuckDB function names in the levels → their Spark names (Splink's Spark jar provides the
# string similarity functions as UDFs).
SPARK_FUNCTIONS = {
    "jaro_winkler_similarity(": "jaro_winkler(",
    "list_has_any(": "arrays_overlap(",
    "list_contains(": "array_contains(",
    "len(": "size(",
}


def _for_dialect(comparison: dict[str, Any], dialect: str) -> dict[str, Any]:
    if dialect == "duckdb":
        return comparison
    if dialect != "spark":
        raise ValueError(f"unsupported dialect {dialect!r}")
    for level in comparison["comparison_levels"]:
        for duckdb_name, spark_name in SPARK_FUNCTIONS.items():
            level["sql_condition"] = level["sql_condition"].replace(duckdb_name, spark_name)
    return comparison


def splink_settings(
    parameters: dict[str, Any] | None,
    *,
    probability_two_random_records_match: float,
    dialect: str = "duckdb",
) -> dict[str, Any]:
    """The Splink settings dictionary for the PCMT model ("duckdb" or "spark" SQL)."""
    by_comparison = (parameters or {}).get("comparisons", {})
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": probability_two_random_records_match,
        "comparisons": [
            _for_dialect(c.as_splink(by_comparison.get(c.name)), dialect) for c in COMPARISONS
        ],
        "blocking_rules_to_generate_predictions": blocking_rules(dialect),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
        "em_convergence": 0.001,
        "max_iterations": 20,
    }


# Columns whose value frequencies adjust the name levels (one lookup table each).
TF_COLUMNS: tuple[str, ...] = ("name_folded", "name_key", "surname_given", "commune")

# Name columns precomputed per record, in the order `engine._name_features` returns them.
NAME_COLUMNS: tuple[str, ...] = (
    "name_folded",
    "name_marked",
    "name_key",
    "surname",
    "surname_group",
    "middle",
    "given",
    "given_marked",
    "name_compact",
    "name_words",
)
