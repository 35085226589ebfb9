"""Coverage of the effect estimates' 95 % intervals on the seeded simulator.

    .venv/bin/python benchmarks/validate_effect.py [--runs 1000] [--effect 0.35] [--horizon 28]

Prints the share of runs whose interval covers the true rate ratio (target 93-97 %), for the
covered cities' rate ratio and for the difference in differences against the control cities,
beside the exact Poisson interval (the obvious alternative, which ignores overdispersion).
"""

from __future__ import annotations

import argparse
import time

from trucewatch.effect.validation import coverage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--effect", type=float, default=0.35)
    parser.add_argument("--horizon", type=int, default=28)
    parser.add_argument("--methods", default="negative_binomial,exact_poisson")
    args = parser.parse_args()
    print(
        f"seeded simulator, {args.runs} runs (seeds 1-{args.runs}), true rate ratio "
        f"{args.effect}, {args.horizon} days before vs {args.horizon} days from the start"
    )
    for method in args.methods.split(","):
        t0 = time.perf_counter()
        c = coverage(args.runs, effect=args.effect, horizon=args.horizon, method=method)
        used = ", ".join(f"{m} {n}" for m, n in c.events_methods)
        print(
            f"{method:18} rate ratio: {100 * c.events_share:5.1f} % covered "
            f"(median estimate {c.median_ratio:.3f}; used: {used})"
        )
        if method != "negative_binomial":
            continue  # the DiD is always the negative binomial interaction
        used = ", ".join(f"{m} {n}" for m, n in c.did_methods)
        print(
            f"{'':18} DiD:        {100 * c.did_share:5.1f} % covered "
            f"(median estimate {c.median_did:.3f}; used: {used}) [{time.perf_counter() - t0:.0f} s]"
        )


if __name__ == "__main__":
    main()
