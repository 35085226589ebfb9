"""Which function runs a case of each target (what a worker process calls)."""

from __future__ import annotations

from fuzzing.runner import Case, Outcome


def run_case(case: Case) -> Outcome:
    """Run ``case`` in this process through the library (the worker's entry)."""
    if case.target == "news":
        from fuzzing.news import run_news_case

        return run_news_case(case)
    if case.target == "text":
        from fuzzing.news import run_text_case

        return run_text_case(case)
    if case.target == "agreements":
        from fuzzing.agreements import run_agreement_case

        return run_agreement_case(case)
    from fuzzing.files import run_file_case

    return run_file_case(case)
