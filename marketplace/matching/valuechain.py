"""Value-chain adjacency between NACE divisions from the Belgian input–output table 2015.

Source: Federal Planning Bureau (see ``marketplace/data/io/README.md``). A candidate scores as a
*supplier* of the query organisation by the share of the query sector's intermediate inputs
that come from the candidate's sector, and as a *customer* by the share of the query sector's
intermediate sales that go to the candidate's sector.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "io"
# A link below this share is true but too small to act on: it neither scores nor is said.
# (Basic metals make 0.8 % of the food industry's inputs: cans and caps, not a reason to
# show a brewery steel builders.)
MIN_SHARE = 0.01
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class ValueChainLink:
    """The strongest input–output link between a query's and a candidate's sectors."""

    direction: str  # "supplier": the candidate supplies the query org; "customer": it buys
    supplier_sector: str
    customer_sector: str
    share: float

    def as_dict(self) -> dict[str, str | float]:
        """JSON-ready form (a reason's params)."""
        return {
            "direction": self.direction,
            "supplier_sector": self.supplier_sector,
            "customer_sector": self.customer_sector,
            "share": self.share,
        }


class ValueChain:
    """Input–output shares between NACE A64 sectors, indexed by sector position."""

    def __init__(
        self,
        sectors: list[str],
        titles: dict[str, dict[str, str]],
        input_share: np.ndarray,
        sales_share: np.ndarray,
    ) -> None:
        self.sectors = sectors
        self.titles = titles
        # [supplier, customer]: share of the customer's intermediate inputs from the supplier
        self.input_share = input_share
        # [supplier, customer]: share of the supplier's intermediate sales going to the customer
        self.sales_share = sales_share
        self._division: dict[str, int] = {}
        for i, code in enumerate(sectors):
            first, _, last = code.partition("-")
            lo, hi = int(first), int(last or first)
            for division in range(lo, hi + 1):
                self._division[f"{division:02d}"] = i

    @classmethod
    def load(cls, directory: Path | str = DATA_DIR) -> ValueChain:
        """Read ``sectors_nace64.csv`` and ``belgium_io_nace64_links_long.csv``."""
        directory = Path(directory)
        with open(directory / "sectors_nace64.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        sectors = [r["sector"] for r in rows]
        titles = {r["sector"]: {"en": r["title_en"], "nl": r["title_nl"]} for r in rows}
        pos = {s: i for i, s in enumerate(sectors)}
        n = len(sectors)
        input_share = np.zeros((n, n), dtype=np.float32)
        sales_share = np.zeros((n, n), dtype=np.float32)
        with open(directory / "belgium_io_nace64_links_long.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                s, c = pos.get(r["supplier_sector"]), pos.get(r["customer_sector"])
                if s is None or c is None:
                    continue
                input_share[s, c] = float(r["share_of_customer_intermediate_inputs"])
                sales_share[s, c] = float(r["share_of_supplier_intermediate_sales"])
        return cls(sectors, titles, input_share, sales_share)

    def sector_of(self, nace: str) -> int | None:
        """Position of the A64 sector holding a NACE(-BEL) code ("31.01", "C31", "3101")."""
        digits = "".join(_DIGITS.findall(str(nace)))
        if len(digits) < 2:
            return None
        return self._division.get(digits[:2])

    def sectors_of(self, codes: Iterable[str]) -> list[int]:
        """Distinct sector positions of several NACE codes, in first-seen order."""
        out: list[int] = []
        for code in codes:
            s = self.sector_of(code)
            if s is not None and s not in out:
                out.append(s)
        return out

    def sector_scores(self, query_sectors: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate sector: (supplier strength, customer strength) towards the query.

        A query organisation active in several sectors takes, per candidate sector, its
        strongest link.
        """
        n = len(self.sectors)
        if not query_sectors:
            return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
        q = np.asarray(query_sectors)
        as_supplier = self.input_share[:, q].max(axis=1)
        as_customer = self.sales_share[q, :].max(axis=0)
        as_supplier = np.where(as_supplier >= MIN_SHARE, as_supplier, 0.0).astype(np.float32)
        as_customer = np.where(as_customer >= MIN_SHARE, as_customer, 0.0).astype(np.float32)
        return as_supplier, as_customer

    def best_link(
        self, query_sectors: list[int], candidate_sectors: list[int]
    ) -> ValueChainLink | None:
        """The single strongest supplier or customer link, for a suggestion's reason."""
        best: ValueChainLink | None = None
        for qs in query_sectors:
            for cs in candidate_sectors:
                for direction, share, sup, cus in (
                    ("supplier", self.input_share[cs, qs], cs, qs),
                    ("customer", self.sales_share[qs, cs], qs, cs),
                ):
                    if share >= MIN_SHARE and (best is None or share > best.share):
                        best = ValueChainLink(
                            direction, self.sectors[sup], self.sectors[cus], round(float(share), 4)
                        )
        return best
