"""The convenience views of the catalog, as SQL over the table views.

Several documents can state the same value: the 2020 budget sets a target for 2023 and the
2025 budget sets it again, and one budget can be loaded twice (its text export and its HTML
page: only its `canonical` file counts). The rule everywhere is "latest budget first": the
statement of the most recent budget year wins. Within one budget year a row with a number beats a '-' or 'n.b.', then the lowest
document_id and table position, only so that the choice is the same on every run.
"""

from __future__ import annotations

# Ties broken the same way in every view, so the name, unit and values of a row agree.
_LATEST_FIRST = "budget_year desc nulls last, value is null, document_id, table_index, row_index"

TABLE_COMMENTS = {
    "documents": "One row per raw file version: format, status ok/partial/rejected and the error.",
    "sections": "Sections (beleidsvelden) in document order, with parent and nesting level.",
    "section_texts": "Every goal, activity and paragraph, with the question it answers.",
    "indicators": "One row per indicator as published, also when it has no values.",
    "indicator_facts": "One row per indicator x measure x area x period, as stated by one document; sum `where canonical`.",
    "financials": "Money tables (wat mag het kosten) in euros, scale applied, with each column's measure.",
    "table_cells": "Every table cell by cell, read or not: tables the interpreter did not understand too.",
    "extraction_issues": "Everything the extractor skipped, guessed or rejected, with its location.",
    "runs": "One row per pipeline run: what changed, what was written, how long it took.",
}

# name -> (comment, select). Created in this order: later views read earlier ones.
CONVENIENCE_VIEWS: dict[str, tuple[str, str]] = {
    "indicator_latest": (
        "One fact per municipality x indicator_id x area x period x measure: the one stated by "
        "the latest budget year (ties: a number before '-', then the lowest document_id); of a "
        "publication landed in several formats only its canonical file counts.",
        f"""
        select * from indicator_facts
        where canonical
        qualify row_number() over (
            partition by municipality, indicator_id, area, period, measure
            order by {_LATEST_FIRST}) = 1
        """,
    ),
    "indicator_series": (
        "One row per municipality x indicator_id x area x period with baseline, target and actual "
        "side by side, each as stated by the latest budget year. indicator and unit are the latest "
        "printed ones; comparator belongs to the target; budget_year and document_id name the "
        "latest document among the row's values.",
        f"""
        with names as (
            select
                municipality,
                indicator_id,
                first(indicator order by {_LATEST_FIRST}) as indicator,
                first(unit order by {_LATEST_FIRST}) filter (where unit is not null) as unit
            from indicator_latest
            group by municipality, indicator_id
        ),
        side_by_side as (
            select
                municipality, indicator_id, area, period,
                max(value) filter (where measure = 'baseline') as baseline,
                max(value) filter (where measure = 'target') as target,
                max(value) filter (where measure = 'actual') as actual,
                max(comparator) filter (where measure = 'target') as comparator,
                max(budget_year) as budget_year,
                first(document_id order by {_LATEST_FIRST}) as document_id
            from indicator_latest
            group by municipality, indicator_id, area, period
        )
        select
            s.municipality, s.indicator_id, n.indicator, n.unit, s.area, s.period,
            s.baseline, s.target, s.actual, s.comparator, s.budget_year, s.document_id
        from side_by_side s
        join names n
            on n.municipality is not distinct from s.municipality and n.indicator_id = s.indicator_id
        """,
    ),
    "targets_vs_actuals": (
        "For the municipality's own area: target and actual per indicator and period where both "
        "have a number, difference = actual - target, and met by the target's comparator "
        "(>, >=, <, <=). A target printed without a comparator does not say whether more or less "
        "is better (fewer households in debt counselling is good, a healthier population is good), "
        "so met is null there rather than a guess; difference is still given.",
        """
        select
            municipality, indicator_id, indicator, unit, period,
            target, comparator, actual,
            actual - target as difference,
            case comparator
                when '>' then actual > target
                when '>=' then actual >= target
                when '<' then actual < target
                when '<=' then actual <= target
            end as met,
            budget_year,
            document_id
        from indicator_series
        where area = municipality and target is not null and actual is not null
        """,
    ),
}
