"""Record linkage of persons within and across agency lists and against the registry.

`link()` is the stable entry point. It normalises the records in Python (names folded with
đ→d, Western order turned round, births parsed, ID and phone numbers cleaned, addresses
resolved to 2025 communes), then scores candidate pairs with Splink on DuckDB using the model
in `pcmt.linkage.model`. Pairs fall in three bands by match probability; clusters are built
from "linked" pairs only. Every pair can be explained level by level.
"""

import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pcmt.linkage import model
from pcmt.linkage.normalize import (
    AddressCommunes,
    Commune,
    Resolver,
    fold_word,
    id_region,
    name_order,
    name_tokens,
    normalize_phone,
    parse_dob,
    parse_gender,
    parse_id,
    surname_key,
)

logger = logging.getLogger(__name__)

PARAMETERS_PATH = Path(__file__).with_name("parameters.json")

Band = Literal["linked", "review", "not_linked"]

# Smallest m an estimated level keeps (a level EM saw no match at would otherwise be proof).
MIN_ESTIMATED_M = 1e-3

# How far (bits) below the report floor scored pairs are kept while the prior is re-estimated.
PRIOR_MARGIN = 4.0
Estimation = Literal["auto", "pretrained", "data"]


@dataclass(slots=True)
class LinkRecord:
    """One person's record in an agency list or the registry, as submitted."""

    record_id: str
    source: str = ""
    full_name: str = ""
    dob: str = ""  # dd/mm/yyyy, yyyy-mm-dd or yyyy
    gender: str = ""  # Nam / Nữ / empty
    id_number: str = ""
    address: str = ""
    phone: str = ""
    # The 2025 commune code when the caller already knows it; the address is then not read.
    commune_code: str | None = None


@dataclass(frozen=True)
class LinkSettings:
    """Thresholds (match probability) and how the model's parameters are obtained."""

    link_threshold: float = 0.8
    review_threshold: float = 0.3
    # Pairs scoring below this are not reported at all (the "not_linked" band starts here).
    report_floor: float = 0.05
    # "pretrained": the parameters shipped in parameters.json; "data": estimated on the input
    # (u by random sampling, m by expectation maximisation) starting from them; "auto": "data"
    # from `min_records_to_estimate` records on.
    estimation: Estimation = "auto"
    min_records_to_estimate: int = 10_000
    parameters_path: Path | None = None
    # Resolves an address to a 2025 commune; default: the unit tables through address_resolve.
    resolver: Resolver | None = None
    threads: int | None = None
    memory_limit: str | None = None
    temp_directory: str | None = None
    seed: int = 2026
    # Probability that two random records match; None: the pretrained value. It is kept fixed
    # so that two records get the same score whether they come alone or in a long list.
    prior: float | None = None
    # Name frequencies need enough persons to mean anything; below this none are applied.
    min_persons_for_frequencies: int = 2_000
    # From this many records on, the prior is re-estimated on the scored pairs (the share of
    # matches the model itself finds among all pairs); below, the rule-based estimate capped
    # by the pretrained prior is kept, as a short list gives too few pairs to count.
    min_records_to_refine_prior: int = 10_000


class Contribution(NamedTuple):
    """One line of a pair's explanation: a comparison's level and its weight (log2 BF)."""

    comparison: str
    level: str
    bayes_factor: float
    weight: float


@dataclass(frozen=True)
class _Explainer:
    """The model's level labels and weights, shared by every pair of one run."""

    names: tuple[str, ...]
    # comparison index → gamma → (label, weight)
    levels: tuple[dict[int, tuple[str, float]], ...]
    prior_weight: float

    def explain(
        self, gammas: Sequence[int], match_weight: float, commune_size: float = 0.0
    ) -> list[Contribution]:
        lines = [Contribution("prior", "two random records match", 2**self.prior_weight, 0.0)]
        lines[0] = lines[0]._replace(weight=self.prior_weight)
        total = self.prior_weight
        for name, levels, gamma in zip(self.names, self.levels, gammas, strict=True):
            label, weight = levels.get(gamma, ("missing", 0.0))
            lines.append(Contribution(name, label, 2**weight, weight))
            total += weight
        adjustment = match_weight - total - commune_size
        if abs(adjustment) > 1e-6:
            lines.append(
                Contribution("name frequency", "rare or common name", 2**adjustment, adjustment)
            )
        if abs(commune_size) > 1e-6:
            lines.append(
                Contribution(
                    "commune size", "small or large commune", 2**commune_size, commune_size
                )
            )
        return lines


@dataclass(frozen=True, slots=True)
class Pair:
    """A scored candidate pair; `explanation` lists each comparison's level and weight."""

    record_id_l: str
    record_id_r: str
    match_probability: float
    match_weight: float
    band: Band
    gammas: tuple[int, ...] = field(repr=False)
    _explainer: _Explainer = field(repr=False, compare=False)
    # The same-commune level's adjustment for the commune's size (log2), part of match_weight.
    commune_size: float = field(default=0.0, repr=False)

    @property
    def explanation(self) -> list[Contribution]:
        return self._explainer.explain(self.gammas, self.match_weight, self.commune_size)


@dataclass
class LinkResult:
    pairs: list[Pair]
    # record_id → cluster_id (the smallest record_id of its cluster), for every record.
    clusters: dict[str, str]
    parameters: dict[str, Any] = field(repr=False, default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def explain(self, pair: Pair) -> str:
        """A readable explanation: one line per comparison with its level and weight."""
        lines = [
            f"{pair.record_id_l} ~ {pair.record_id_r}: {pair.band}, "
            f"probability {pair.match_probability:.4f}, weight {pair.match_weight:+.2f}"
        ]
        lines += [
            f"  {c.comparison}: {c.level} ({c.weight:+.2f}, ×{c.bayes_factor:.3g})"
            for c in pair.explanation
        ]
        return "\n".join(lines)


# --- Preparation --------------------------------------------------------------------------------

COLUMNS: tuple[tuple[str, str], ...] = (
    ("unique_id", "string"),
    ("source", "string"),
    ("is_reference", "bool"),
    ("name_folded", "string"),
    ("name_marked", "string"),
    ("name_key", "string"),
    ("surname", "string"),
    ("surname_group", "string"),
    ("middle", "string"),
    ("given", "string"),
    ("given_marked", "string"),
    ("name_compact", "string"),
    ("name_words", "list<string>"),
    ("birth_year", "int32"),
    ("birth_month", "int32"),
    ("birth_day", "int32"),
    ("sex", "string"),
    ("id_number", "string"),
    ("id_kind", "string"),
    ("id_year", "int32"),
    ("id_sex", "string"),
    ("id_region", "list<string>"),
    ("phone", "string"),
    ("commune", "string"),
    ("province", "string"),
    ("candidates", "list<string>"),
    # The commune, or the candidates of a commune name alone / a split old commune; and their
    # provinces: blocking explodes them, so a bare "Phú Cát" meets the records of each.
    ("places", "list<string>"),
    ("provinces", "list<string>"),
)


@lru_cache(maxsize=500_000)
def _name_features(full_name: str) -> tuple[str | tuple[str, ...] | None, ...]:
    """The name columns of `model.NAME_COLUMNS`, in that order.

    (name_folded, name_marked, name_key, surname, surname_group, middle, given, given_marked,
    name_compact, name_words): `name_marked` and `given_marked` are None when the name carries
    no mark at all; `name_compact` is the folded name without spaces (a compound given name
    written joined or split), `name_words` its distinct words, sorted.
    """
    words = name_tokens(full_name)
    if not words:
        return (None,) * 8 + (None, None)
    folded = [fold_word(word) for word in words]
    marked = folded != words
    key = " ".join(sorted(folded))
    extra = ("".join(folded), tuple(sorted(set(folded))))
    if len(words) == 1:
        return (
            folded[0],
            words[0] if marked else None,
            key,
            None,
            None,
            "",
            folded[0],
            words[0] if marked else None,
            *extra,
        )
    order, _ = name_order(folded)
    words = [words[i] for i in order]
    folded = [folded[i] for i in order]
    return (
        " ".join(folded),
        " ".join(words) if marked else None,
        key,
        folded[0],
        surname_key(folded[0]),
        " ".join(folded[1:-1]),
        folded[-1],
        words[-1] if marked else None,
        "".join(folded),
        extra[1],
    )


def prepare(
    records: Iterable[LinkRecord],
    *,
    is_reference: bool,
    communes: Callable[[str], Commune],
    into: dict[str, list[Any]],
) -> int:
    """Append the comparison columns of `records` to `into`; return how many were added.

    Names, births and genders repeat across a list: each distinct value is parsed once.
    """
    count = 0
    seen_commune: dict[str, Commune] = {}
    province_of = _Provinces()
    births: dict[str, tuple[int | None, int | None, int | None]] = {}
    genders: dict[str, str | None] = {}
    name_columns = [into[column] for column in model.NAME_COLUMNS]
    add_id, add_source, add_reference = (
        into["unique_id"].append,
        into["source"].append,
        into["is_reference"].append,
    )
    add_year, add_month, add_day, add_sex = (
        into["birth_year"].append,
        into["birth_month"].append,
        into["birth_day"].append,
        into["sex"].append,
    )
    add_number, add_kind, add_id_year, add_id_sex, add_region, add_phone = (
        into["id_number"].append,
        into["id_kind"].append,
        into["id_year"].append,
        into["id_sex"].append,
        into["id_region"].append,
        into["phone"].append,
    )
    add_commune, add_province, add_candidates, add_places, add_provinces = (
        into["commune"].append,
        into["province"].append,
        into["candidates"].append,
        into["places"].append,
        into["provinces"].append,
    )
    for record in records:
        count += 1
        add_id(str(record.record_id))
        add_source(record.source or "")
        add_reference(is_reference)
        for column, value in zip(name_columns, _name_features(record.full_name or ""), strict=True):
            column.append(value)
        dob = record.dob or ""
        birth = births.get(dob)
        if birth is None:
            birth = births[dob] = parse_dob(dob)
        year, month, day = birth
        gender = record.gender or ""
        if gender in genders:
            sex = genders[gender]
        else:
            sex = genders[gender] = parse_gender(gender)
        number = parse_id(record.id_number)
        if sex is None:
            sex = number.sex
        if year is None and number.birth_year is not None:
            year = number.birth_year  # a year-only birth read from the personal ID
        add_year(year)
        add_month(month)
        add_day(day)
        add_sex(sex)
        add_number(number.digits or None)
        add_kind(number.kind or None)
        add_id_year(number.birth_year)
        add_id_sex(number.sex)
        add_region(id_region(number))
        add_phone(normalize_phone(record.phone) or None)
        if record.commune_code:
            code = record.commune_code
            commune = seen_commune.get(code) or Commune(code, province_of(code))
            seen_commune[code] = commune
        else:
            commune = communes(record.address)
        add_commune(commune.code)
        add_province(commune.province)
        add_candidates(commune.candidates)
        add_places([commune.code] if commune.code else list(commune.candidates))
        if commune.province:
            add_provinces([commune.province])
        else:
            add_provinces(sorted({province_of(code) or code for code in commune.candidates}))
    return count


class _Provinces:
    """Commune code given by the caller → its province, from the unit tables if loaded.

    All codes are read in one query the first time one is needed (one query per code made a
    list of 5,000 records with 2,000 distinct codes spend most of its time here).
    """

    def __init__(self) -> None:
        self._codes: dict[str, str] | None = None

    def __call__(self, commune_code: str) -> str | None:
        if self._codes is None:
            try:
                from pcmt.geo.models import AdminUnit

                self._codes = dict(AdminUnit.objects.values_list("code", "province_code"))
            except Exception:  # no database configured: compare communes only
                self._codes = {}
        return self._codes.get(commune_code) or commune_code


# --- Parameters ---------------------------------------------------------------------------------


def load_parameters(path: Path | None = None) -> dict[str, Any]:
    """The pretrained m and u probabilities, by comparison and level label."""
    path = path or PARAMETERS_PATH
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _parameters_from_splink(model_json: dict[str, Any]) -> dict[str, Any]:
    comparisons: dict[str, dict[str, dict[str, float]]] = {}
    for comparison in model_json["comparisons"]:
        levels: dict[str, dict[str, float]] = {}
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if isinstance(m, float | int) and isinstance(u, float | int):
                levels[level["label_for_charts"]] = {"m": float(m), "u": float(u)}
        comparisons[comparison["output_column_name"]] = levels
    return {
        "version": 1,
        "probability_two_random_records_match": model_json["probability_two_random_records_match"],
        "comparisons": comparisons,
    }


def merge_parameters(estimated: dict[str, Any], fallback: dict[str, Any]) -> dict[str, Any]:
    """Estimated values where there are some, else the pretrained ones, else the defaults."""
    merged: dict[str, Any] = {"version": 1, "comparisons": {}}
    for spec in model.COMPARISONS:
        new = estimated.get("comparisons", {}).get(spec.name, {})
        old = fallback.get("comparisons", {}).get(spec.name, {})
        levels: dict[str, dict[str, float]] = {}
        for level in spec.levels:
            if level.null:
                continue
            value = None if level.fixed else new.get(level.label) or old.get(level.label)
            if value is not None and value["m"] < MIN_ESTIMATED_M:
                # Lists the estimate saw never showed this disagreement among matches; other
                # lists will (a sex or ID number typed wrong): never certain proof of two persons.
                value = {**value, "m": MIN_ESTIMATED_M}
            if value is None and level.m and level.u:
                value = {"m": level.m, "u": level.u}
            if value is not None:
                levels[level.label] = value
        merged["comparisons"][spec.name] = levels
    return merged


def _explainer(parameters: dict[str, Any], prior: float) -> _Explainer:
    levels: list[dict[int, tuple[str, float]]] = []
    for spec in model.COMPARISONS:
        known = parameters.get("comparisons", {}).get(spec.name, {})
        ordered = [level for level in spec.levels if not level.null]
        by_gamma: dict[int, tuple[str, float]] = {-1: ("missing", 0.0)}
        for index, level in enumerate(ordered):
            gamma = len(ordered) - 1 - index
            values = known.get(level.label)
            weight = math.log2(values["m"] / values["u"]) if values else 0.0
            by_gamma[gamma] = (level.label, weight)
        levels.append(by_gamma)
    return _Explainer(
        names=tuple(spec.name for spec in model.COMPARISONS),
        levels=tuple(levels),
        prior_weight=math.log2(prior / (1 - prior)),
    )


# --- Linking ------------------------------------------------------------------------------------


class _Clock:
    """Wall and CPU (all threads of the process) seconds per stage."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.timings[stage] = self.timings.get(stage, 0.0) + wall - self.wall
        self.timings[f"{stage}_cpu"] = self.timings.get(f"{stage}_cpu", 0.0) + cpu - self.cpu
        self.wall, self.cpu = wall, cpu


def link(
    records: Iterable[LinkRecord],
    *,
    reference: Iterable[LinkRecord] | None = None,
    settings: LinkSettings | None = None,
) -> LinkResult:
    """Link `records` with each other and with `reference` (a deduplicated registry).

    Reference records are never compared with each other. Term frequencies of names come
    from the reference and the input, counting each (name, birth year, commune) once.
    """
    import pyarrow as pa

    settings = settings or LinkSettings()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    clock = _Clock(timings)
    communes = AddressCommunes(settings.resolver)
    columns: dict[str, list[Any]] = {name: [] for name, _ in COLUMNS}
    count = prepare(records, is_reference=False, communes=communes, into=columns)
    if reference is not None:
        count += prepare(reference, is_reference=True, communes=communes, into=columns)
    if len(set(columns["unique_id"])) != count:
        raise ValueError("record_id must be unique across the records and the reference")
    timings["addresses_resolved"] = communes.resolved
    if count < 2:
        clock.lap("prepare")
        ids = columns["unique_id"]
        return LinkResult(pairs=[], clusters={rid: rid for rid in ids}, timings=timings)

    types = {"string": pa.string(), "bool": pa.bool_(), "int32": pa.int32()}
    table = pa.table(
        {
            name: pa.array(columns[name], type=types.get(kind, pa.list_(pa.string())))
            for name, kind in COLUMNS
        }
    )
    del columns
    run = _SplinkRun(table, settings=settings, count=count)
    clock.lap("prepare")
    try:
        result = run.execute(clock)
    finally:
        run.close()
    timings["total"] = time.perf_counter() - started
    result.timings = timings
    return result


class _SplinkRun:
    def __init__(self, table: Any, *, settings: LinkSettings, count: int) -> None:
        import duckdb
        from splink import DuckDBAPI

        self.settings = settings
        self.count = count
        self.con = duckdb.connect(":memory:")
        if settings.threads:
            self.con.execute(f"SET threads = {int(settings.threads)}")
        if settings.memory_limit:
            self.con.execute("SET memory_limit = ?", [settings.memory_limit])
        if settings.temp_directory:
            self.con.execute("SET temp_directory = ?", [settings.temp_directory])
        self.con.execute("SET preserve_insertion_order = false")
        self.con.register("pcmt_input_arrow", table)
        # A phone number given for persons born more than a year apart, or one year apart under
        # other given names, belongs to a household (one year apart under one given name is a
        # person whose year was written off by one).
        self.con.execute(
            """
            CREATE TABLE pcmt_input AS
            SELECT records.*, coalesce(phones.shared, FALSE) AS phone_shared,
                   records.surname_group || ' ' || records.given AS surname_given
            FROM pcmt_input_arrow AS records
            LEFT JOIN (
                SELECT phone, max(birth_year) - min(birth_year) > 1
                    OR (max(birth_year) > min(birth_year) AND count(DISTINCT given) > 1) AS shared
                FROM pcmt_input_arrow WHERE phone IS NOT NULL GROUP BY phone
            ) AS phones ON records.phone = phones.phone
            """
        )
        self.con.unregister("pcmt_input_arrow")
        self.db_api = DuckDBAPI(self.con)

    def close(self) -> None:
        self.con.close()

    def _term_frequencies(self) -> None:
        # Each (name, birth year) once: a person listed by four agencies, or with the commune
        # written four ways, does not make a name common. One table per name column.
        self.con.execute(
            """
            CREATE TEMP TABLE pcmt_persons AS
            SELECT DISTINCT name_folded, name_key, surname_given, birth_year FROM pcmt_input
            WHERE name_folded IS NOT NULL
            """
        )
        # A commune's size: the persons (name, birth year) listed there.
        self.con.execute(
            """
            CREATE TEMP TABLE pcmt_residents AS
            SELECT DISTINCT name_folded, birth_year, commune FROM pcmt_input
            WHERE name_folded IS NOT NULL
            """
        )
        ((persons,),) = self.con.execute("SELECT count(*) FROM pcmt_persons").fetchall()
        enough = (persons or 0) >= self.settings.min_persons_for_frequencies
        for column in model.TF_COLUMNS:
            self.con.execute(
                f"""
                CREATE TABLE pcmt_tf_{column} AS
                SELECT {column}, count(*)::DOUBLE / sum(count(*)) OVER () AS tf_{column}
                FROM {"pcmt_residents" if column == "commune" else "pcmt_persons"}
                WHERE {column} IS NOT NULL AND {enough}
                GROUP BY {column}
                """  # noqa: S608
            )

    def _prior(self, linker: Any) -> float:
        """Probability that two random records match, from the deterministic rules."""
        fallback = min(0.5, 1.0 / max(self.count - 1, 1))
        try:
            linker.training.estimate_probability_two_random_records_match(
                list(model.DETERMINISTIC_RULES), recall=0.7
            )
            value = float(linker._settings_obj._probability_two_random_records_match)
        except Exception:  # no deterministic match in a small input
            logger.debug("prior from the deterministic rules failed", exc_info=True)
            value = 0.0
        return min(max(value, fallback / 4), 0.5) if value > 0 else fallback

    def execute(self, clock: _Clock) -> LinkResult:
        settings = self.settings
        self._term_frequencies()
        # Pretrained values, with the model's defaults for levels the training never saw.
        pretrained = load_parameters(settings.parameters_path)
        parameters = merge_parameters({}, pretrained) if pretrained else {}
        estimate = settings.estimation == "data" or (
            settings.estimation == "auto" and self.count >= settings.min_records_to_estimate
        )
        clock.lap("frequencies")
        sdf = self.db_api.register("pcmt_input", table_name="pcmt_records")
        linker = self._linker(sdf, "fit", parameters, 0.001)
        data_prior = self._prior(linker)
        clock.lap("prior")
        if estimate or not parameters:
            linker._settings_obj._probability_two_random_records_match = data_prior
            self._estimate(linker)
            estimated = _parameters_from_splink(linker.misc.save_model_to_json())
            parameters = merge_parameters(estimated, parameters)
            clock.lap("estimate")
        # A longer list holds more look-alikes per true match, so the prior shrinks with its
        # size; it never exceeds the pretrained one, so a short list is not linked more
        # eagerly than the lists the model was trained on.
        pretrained_prior = pretrained.get("probability_two_random_records_match")
        prior = settings.prior or min(data_prior, pretrained_prior or data_prior)
        parameters = {
            **parameters,
            "probability_two_random_records_match": prior,
            "probability_two_random_records_match_of_data": data_prior,
        }
        sdf = self.db_api.register("pcmt_input", table_name="pcmt_records_predict")
        linker = self._linker(sdf, "predict", parameters, prior)
        refine = settings.prior is None and self.count >= settings.min_records_to_refine_prior
        floor = _logit2(settings.report_floor)
        # Pairs a larger prior could lift above the report floor are kept for the refinement.
        predictions = linker.inference.predict(
            threshold_match_weight=floor - (PRIOR_MARGIN if refine else 0.0),
            warning_mode="never",
        )
        table = predictions.physical_name
        shift = 0.0
        if refine:
            refined = self._refine_prior(table, prior)
            shift = _logit2(refined) - _logit2(prior)
            prior = refined
            parameters["probability_two_random_records_match"] = prior
        gamma_columns = ", ".join(f"gamma_{spec.name}" for spec in model.COMPARISONS)
        # The commune-size part of each pair's weight, as Splink adds it: log2(u / frequency).
        same_commune = parameters.get("comparisons", {}).get("commune", {}).get("same commune")
        gamma_same = _gamma(model.COMMUNE, "same commune")
        size = (
            f"CASE WHEN p.gamma_commune = {gamma_same} AND f.tf_commune > 0 "
            f"THEN {math.log2(same_commune['u'])} - log2(f.tf_commune) ELSE 0 END"
            if same_commune
            else "0"
        )
        rows = self.con.execute(
            f"SELECT unique_id_l, unique_id_r, 1 / (1 + pow(2, -(match_weight + ?))), "  # noqa: S608
            f"match_weight + ?, {size}, {gamma_columns} FROM {table} AS p "
            "LEFT JOIN pcmt_tf_commune AS f ON f.commune = p.commune_l "
            "WHERE match_weight + ? >= ?",
            [shift, shift, shift, floor],
        ).fetchall()
        clock.lap("predict")

        explainer = _explainer(parameters, prior)
        pairs: list[Pair] = []
        linked: list[tuple[str, str]] = []
        for left, right, probability, weight, commune_size, *gammas in rows:
            band: Band
            if probability >= settings.link_threshold:
                band = "linked"
                linked.append((left, right))
            elif probability >= settings.review_threshold:
                band = "review"
            else:
                band = "not_linked"
            pairs.append(
                Pair(
                    left,
                    right,
                    probability,
                    weight,
                    band,
                    tuple(gammas),
                    explainer,
                    commune_size or 0.0,
                )
            )
        ids = [row[0] for row in self.con.execute("SELECT unique_id FROM pcmt_input").fetchall()]
        clusters = clusters_from_pairs(ids, linked)
        clock.lap("cluster")
        return LinkResult(pairs=pairs, clusters=clusters, parameters=parameters)

    def _refine_prior(self, predictions: str, prior: float) -> float:
        """The prior at which the expected number of matches is what the model finds.

        Expectation maximisation of the prior alone, m and u held: the prior becomes the sum
        of the pairs' match probabilities over the number of pairs that could be compared
        (pairs no blocking rule finds count as non-matches), until it stops moving.
        """
        ((references,),) = self.con.execute(
            "SELECT count(*) FILTER (WHERE is_reference) FROM pcmt_input"
        ).fetchall()
        comparable = self.count * (self.count - 1) / 2 - references * (references - 1) / 2
        base = _logit2(prior)
        value = prior
        for _ in range(100):
            ((expected,),) = self.con.execute(
                f"SELECT coalesce(sum(1 / (1 + pow(2, -(match_weight - ? + ?)))), 0) "  # noqa: S608
                f"FROM {predictions}",
                [base, _logit2(value)],
            ).fetchall()
            new = min(max(expected / comparable, 1e-12), 0.5)
            if abs(new - value) <= 1e-4 * value:
                return new
            value = new
        return value

    def _linker(self, sdf: Any, stage: str, parameters: dict[str, Any], prior: float) -> Any:
        from splink import Linker

        settings = model.splink_settings(parameters, probability_two_random_records_match=prior)
        linker = Linker(sdf, settings, log_level=None)
        for column in model.TF_COLUMNS:
            tf = self.db_api.register(f"pcmt_tf_{column}", table_name=f"pcmt_tf_{column}_{stage}")
            linker.table_management.register_term_frequency_lookup(tf, column)
        return linker

    def _estimate(self, linker: Any) -> None:
        """u by random sampling, then m by EM on two blocks; fixed levels keep their values."""
        linker.training.estimate_u_using_random_sampling(
            max_pairs=min(3e6, self.count * 20.0), seed=self.settings.seed
        )
        for rule in model.TRAINING_RULES:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True, max_pairs=1e6
                )
            except Exception:  # too few pairs in this block: keep the other block's values
                logger.warning("EM on %s failed; keeping prior m values", rule, exc_info=True)


def _gamma(spec: model.ComparisonSpec, label: str) -> int:
    """The comparison vector value Splink gives a level (the last level is 0)."""
    ordered = [level.label for level in spec.levels if not level.null]
    return len(ordered) - 1 - ordered.index(label)


def _logit2(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def clusters_from_pairs(ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components; each cluster is named by its smallest record_id."""
    parent: dict[str, str] = {rid: rid for rid in ids}

    def find(node: str) -> str:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for left, right in pairs:
        a, b = find(left), find(right)
        if a != b:
            if b < a:
                a, b = b, a
            parent[b] = a
    return {rid: find(rid) for rid in parent}
