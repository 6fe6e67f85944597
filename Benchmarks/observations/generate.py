#!/usr/bin/env python3
"""Writes a seeded observation upload that imports cleanly, and the SQL that prepares its indicators.

The panel is one province (an upload needs a common region: 四川省, its 21 prefectures and 183
counties) × indicators × years × disaggregations, cut at the requested number of rows. Every
fourth indicator is an additive count whose prefecture and province totals are the exact sums of
their children, so the additivity check runs on real sums; the others are rates in % (maximum
100). A few county counts jump threefold in one year, so the import also stores some year-on-year
warnings.

    generate.py REGIONS_CSV OUT_DIR [ROWS]   → OUT_DIR/observations.csv, OUT_DIR/indicators.sql
"""
import csv
import math
import random
import sys
from pathlib import Path

PROVINCE = "510000"
YEARS = range(2006, 2026)
DISAGGREGATIONS = ["", "area=urban", "area=rural", "sex=male", "sex=female", "group=migrant"]
JUMPS = 12


def subtree(registry_path):
    """The province's regions, children before their parents, with each region's parent."""
    with open(registry_path, encoding="utf-8") as file:
        parent = {row["code"]: row["parent_code"] for row in csv.DictReader(file)}
    children = {}
    for code, up in parent.items():
        children.setdefault(up, []).append(code)
    ordered = []

    def visit(code):
        for child in sorted(children.get(code, [])):
            visit(child)
        ordered.append(code)

    visit(PROVINCE)
    return ordered, parent, children


def main():
    registry, out_dir = sys.argv[1], Path(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    regions, parent, children = subtree(registry)
    indicator_count = math.ceil(rows / (len(regions) * len(YEARS) * len(DISAGGREGATIONS)))
    indicators = [(f"BM{i + 1:03d}", i % 4 == 3) for i in range(indicator_count)]
    random_numbers = random.Random(2260)
    out_dir.mkdir(parents=True, exist_ok=True)

    with open(out_dir / "indicators.sql", "w", encoding="utf-8") as sql:
        for number, (code, additive) in enumerate(indicators, 1):
            unit, maximum = ("人", "NULL") if additive else ("%", "100")
            sql.write(
                "INSERT INTO indicators (code, name, unit, direction, binding, additive, maximum_value, created_at) "
                f"VALUES ('{code}', '基准指标{number}', '{unit}', 'higher', '{'binding' if number % 2 else 'expected'}', "
                f"{'TRUE' if additive else 'FALSE'}, {maximum}, '2026-01-01T00:00:00Z');\n")
            sql.write(
                "INSERT INTO targets (indicator_id, region_code, baseline_year, baseline_value, target_year, target_value, comparator) "
                f"SELECT id, '{PROVINCE}', 2015, 60, 2030, 95, '>=' FROM indicators WHERE code = '{code}';\n")

    leaves = [code for code in regions if code not in children]
    jump_keys = {(random_numbers.choice([c for c, a in indicators if a]), random_numbers.choice(leaves),
                  random_numbers.choice(YEARS[1:]), "") for _ in range(JUMPS)}
    written = 0
    with open(out_dir / "observations.csv", "w", encoding="utf-8", newline="") as file:
        out = csv.writer(file, lineterminator="\n")
        out.writerow(["地区", "指标", "年份", "数值", "分组"])
        for code, additive in indicators:
            for disaggregation in DISAGGREGATIONS:
                # One seeded series per region: a level and a small yearly drift.
                level = {region: random_numbers.uniform(40, 90) for region in regions}
                counts = {region: random_numbers.randint(1_000, 50_000) for region in leaves}
                for year in YEARS:
                    totals = {}
                    for region in regions:
                        if additive:
                            if region in counts:
                                counts[region] = max(1, round(counts[region] * random_numbers.uniform(0.98, 1.04)))
                                value = counts[region] * (3 if (code, region, year, disaggregation) in jump_keys else 1)
                            else:
                                value = totals[region]
                            totals[parent[region]] = totals.get(parent[region], 0) + value
                            text = str(value)
                        else:
                            level[region] = min(100.0, level[region] + random_numbers.uniform(-0.5, 1.0))
                            text = f"{level[region]:.1f}"
                        out.writerow([region, code, year, text, disaggregation])
                        written += 1
                        if written == rows:
                            print(f"{written} rows, {len(indicators)} indicators, {len(regions)} regions", file=sys.stderr)
                            return


if __name__ == "__main__":
    main()
