"""Command line: python -m book {figures,check,list,bench,machine-check,pdf}.

    python -m book figures            rebuild stale figures and notebooks
    python -m book figures --force    rebuild everything
    python -m book figures --only weights_all
    python -m book check              exit 1 (and say so) if anything is stale
    python -m book list               every declared figure and notebook
    python -m book bench              the performance numbers of `make bench`
    python -m book machine-check      train a few models from scratch, print weight digests
    python -m book pdf                print the built site/ into one PDF per language (make pdf)
"""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m book", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("figures", help="rebuild stale figures and notebooks")
    f.add_argument("--force", action="store_true", help="rebuild everything")
    f.add_argument("--only", help="rebuild one figure (name or chapter/name) or notebook")
    f.add_argument("--jobs", type=int, help="processes to draw with (default: one per core)")
    f.add_argument("--chapter", action="append", help="only this chapter (repeatable)")
    f.add_argument("--no-notebooks", action="store_true", help="skip notebook execution")
    sub.add_parser("check", help="fail if any figure or notebook is stale")
    sub.add_parser("list", help="list declared figures and notebooks")
    sub.add_parser("bench", help="print performance measurements")
    sub.add_parser("machine-check", help="train a representative subset from scratch and print "
                                         "digests of the weights (same digests = same book)")
    p = sub.add_parser("pdf", help="print the built site into one PDF per language")
    p.add_argument("--site", default="site", help="the built site (default: site)")
    p.add_argument("--lang", action="append", choices=["ko", "en"], help="only this language")
    args = ap.parse_args(argv)

    if args.cmd == "figures":
        from book.pipeline.build import build_figures, figure_exists
        from book.pipeline.manifest import read_manifest
        from book.pipeline.notebooks import build_notebooks, notebook_exists

        # --only names one figure ("weights_all", "inside/weights_all") or one notebook
        # ("inside/try_it.ko.ipynb"); anything else is an error that says where to look.
        only_figure = args.only if args.only and figure_exists(args.only) else None
        only_notebook = args.only if args.only and notebook_exists(args.only) else None
        if args.only and not (only_figure or only_notebook):
            print(f"no figure or notebook named {args.only!r}: see `python -m book list`")
            return 2
        rebuilt, executed = [], []
        if not only_notebook:
            rebuilt = build_figures(force=args.force, only=only_figure, jobs=args.jobs,
                                    chapters=args.chapter)["rebuilt"]
        if not args.no_notebooks and not only_figure:
            executed = build_notebooks(read_manifest(), force=args.force, only=only_notebook,
                                       chapters=args.chapter)
        print(f"figures: {len(rebuilt)} rebuilt, notebooks: {len(executed)} executed"
              + ("" if rebuilt or executed else " — everything is up to date"))
        return 0
    if args.cmd == "check":
        from book.pipeline.check import stale_report

        stale = stale_report()
        if stale:
            print("stale: " + "; ".join(stale) + "\nrun `make figures` and commit the result")
            return 1
        print("figures and notebooks are up to date")
        return 0
    if args.cmd == "list":
        from book.pipeline.build import chapter_modules, figures_of
        from book.pipeline.notebooks import sources

        for path in chapter_modules():
            for fd in figures_of(path):
                print(f"{fd.id}\t{fd.kind}\t{', '.join(s.name for s in fd.models)}")
        for src in sources():
            print(f"notebook\t{src.relative_to(src.parents[1])}")
        return 0
    if args.cmd == "bench":
        from book.pipeline.bench import main as bench

        return bench()
    if args.cmd == "machine-check":
        from book.pipeline.machine_check import main as machine_check

        return machine_check()
    if args.cmd == "pdf":
        from pathlib import Path

        from book.pdf.assemble import AssemblyError
        from book.pdf.build import PageNumberError, build
        from book.pdf.pdfinfo import PopplerMissing
        from book.pdf.printer import PrintError

        try:
            build(Path(args.site), args.lang or ["ko", "en"])
        except (FileNotFoundError, AssemblyError, PageNumberError, PopplerMissing, PrintError) as e:
            print(f"make pdf: {e}")
            return 1
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
