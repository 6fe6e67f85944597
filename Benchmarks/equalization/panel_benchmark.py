"""Equalization benchmark, Python side: the synthetic county panel, the numpy + PySAL baseline,
and the comparison with the Swift results.

    python panel_benchmark.py generate PANEL        # write the seeded panel
    python panel_benchmark.py run PANEL RESULTS     # baseline; prints its time
    python panel_benchmark.py compare PANEL PYTHON_RESULTS SWIFT_RESULTS PYTHON_SECONDS SWIFT_TIMINGS

Panel file (little-endian): b"JHPANEL1", int32 counties, indicators, years, provinces;
int32 province[counties]; int32 urban[counties] (1 = urban district); float64
population[years][counties]; float64 value[indicators][years][counties].

Results file: float64 [series][RESULT_FIELDS] followed by float64 Lorenz value shares
[series][2 weightings][counties + 1]; series = indicator * years + year. The Swift benchmark
writes the same layout.
"""
import struct
import sys
import time

import numpy as np
from inequality.atkinson import atkinson
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

COUNTIES, INDICATORS, YEARS, PROVINCES = 2843, 100, 10, 31
SEED = 20260601
PERCENTS = [10, 20, 25, 50, 75, 80, 90]
RATIOS = [(90, 10), (80, 20), (75, 25)]

MEASURES = (
    ["mean", "sd", "cv", "gini", "theilT", "theilL", "ge(-1)", "ge(0.5)", "ge(2)",
     "atkinson(0.5)", "atkinson(1)", "atkinson(2)", "min", "max", "max/min", "min/mean"]
    + [f"p{p}" for p in PERCENTS] + [f"p{u}/p{l}" for u, l in RATIOS]
    + [f"{grouping} {measure} {part}" for grouping in ("province", "urban/rural")
       for measure in ("theilT", "theilL") for part in ("within", "between")]
    + ["urban mean", "rural mean", "urban/rural ratio", "urban-rural difference"]
)
RESULT_FIELDS = [f"{weighting} {measure}" for weighting in ("unweighted", "weighted")
                 for measure in MEASURES]


def generate(path):
    """Counties in 31 provinces of uneven size, 30% urban districts, log-normal populations
    growing 0–1.5% a year, and 100 indicators whose levels span 1…1000 with province, urban and
    county effects; inequality narrows a little each year."""
    rng = np.random.default_rng(SEED)
    province = np.sort(rng.choice(PROVINCES, size=COUNTIES, p=rng.dirichlet(np.full(PROVINCES, 4.0))))
    urban = (rng.random(COUNTIES) < 0.3).astype(np.int32)
    base_population = rng.lognormal(np.log(3.5e5), 0.7, COUNTIES)
    growth = rng.uniform(0.0, 0.015, COUNTIES)
    population = np.array([base_population * (1 + growth) ** year for year in range(YEARS)])
    values = np.empty((INDICATORS, YEARS, COUNTIES))
    for indicator in range(INDICATORS):
        level = np.exp(rng.uniform(0, np.log(1000)))
        province_effect = rng.normal(0, 0.35, PROVINCES)[province]
        urban_effect = rng.uniform(0, 0.6) * urban
        county_effect = rng.normal(0, 0.4, COUNTIES)
        for year in range(YEARS):
            narrowing = 1 - 0.03 * year
            noise = rng.normal(0, 0.05, COUNTIES)
            values[indicator, year] = level * np.exp(
                narrowing * (province_effect + urban_effect + county_effect) + noise)
    with open(path, "wb") as file:
        file.write(b"JHPANEL1")
        file.write(struct.pack("<4i", COUNTIES, INDICATORS, YEARS, PROVINCES))
        file.write(province.astype("<i4").tobytes())
        file.write(urban.astype("<i4").tobytes())
        file.write(population.astype("<f8").tobytes())
        file.write(values.astype("<f8").tobytes())


def read_panel(path):
    with open(path, "rb") as file:
        assert file.read(8) == b"JHPANEL1"
        counties, indicators, years, provinces = struct.unpack("<4i", file.read(16))
        province = np.frombuffer(file.read(4 * counties), "<i4")
        urban = np.frombuffer(file.read(4 * counties), "<i4")
        population = np.frombuffer(file.read(8 * years * counties), "<f8").reshape(years, counties)
        values = np.frombuffer(file.read(), "<f8").reshape(indicators, years, counties)
    return province, urban, population, values


def theil_l_decomposition(x, w, groups, group_count):
    """Theil L within and between: within = sum_g p_g L_g, between = sum_g p_g ln(mu/mu_g)."""
    total = w.sum()
    group_weight = np.bincount(groups, weights=w, minlength=group_count)
    group_mean = np.bincount(groups, weights=w * x, minlength=group_count) / group_weight
    present = group_weight > 0
    mu = np.dot(w, x) / total
    group_l = np.bincount(groups, weights=w * np.log(group_mean[groups] / x), minlength=group_count)
    within = group_l[present].sum() / total
    between = np.sum(group_weight[present] / total * np.log(mu / group_mean[present]))
    return within, between


def theil_t_decomposition(x, w, groups, group_count):
    """Theil T within and between: within = sum_g s_g T_g, between = sum_g s_g ln(mu_g/mu)."""
    total = w.sum()
    group_weight = np.bincount(groups, weights=w, minlength=group_count)
    group_sum = np.bincount(groups, weights=w * x, minlength=group_count)
    present = group_weight > 0
    group_mean = group_sum / np.where(present, group_weight, 1)
    mu = np.dot(w, x) / total
    terms = np.bincount(groups, weights=w * x * np.log(x / group_mean[groups]), minlength=group_count)
    within = terms[present].sum() / (total * mu)
    share = group_sum[present] / (total * mu)
    between = np.sum(share * np.log(group_mean[present] / mu))
    return within, between


def gaps(x, w, urban):
    urban_mean = np.dot(w[urban == 1], x[urban == 1]) / w[urban == 1].sum()
    rural_mean = np.dot(w[urban == 0], x[urban == 0]) / w[urban == 0].sum()
    return [urban_mean, rural_mean, urban_mean / rural_mean, urban_mean - rural_mean]


def lorenz(x, w):
    order = np.argsort(x, kind="stable")
    cumulative_value = np.cumsum((w * x)[order])
    return np.concatenate(([0.0], cumulative_value / cumulative_value[-1]))


def unweighted_measures(x, province, urban):
    """PySAL where it has the measure (Gini, Theil T, its decomposition, Atkinson); numpy else."""
    mu = x.mean()
    sd = x.std()
    ones = np.ones_like(x)
    percentiles = np.percentile(x, PERCENTS, method="inverted_cdf")
    by_percent = dict(zip(PERCENTS, percentiles))
    province_t = TheilD(x, province)
    urban_t = TheilD(x, urban)
    return (
        [mu, sd, sd / mu, Gini(x).g, Theil(x).T, np.mean(np.log(mu / x)),
         (np.mean(mu / x) - 1) / 2, (np.mean(np.sqrt(x / mu)) - 1) / -0.25, sd * sd / (2 * mu * mu),
         atkinson(x, 0.5), atkinson(x, 1), atkinson(x, 2),
         x.min(), x.max(), x.max() / x.min(), x.min() / mu]
        + list(percentiles) + [by_percent[u] / by_percent[l] for u, l in RATIOS]
        + [province_t.wg[0], province_t.bg[0], *theil_l_decomposition(x, ones, province, PROVINCES),
           urban_t.wg[0], urban_t.bg[0], *theil_l_decomposition(x, ones, urban, 2)]
        + gaps(x, ones, urban)
    ), lorenz(x, ones)


def weighted_measures(x, w, province, urban):
    """numpy: PySAL has no population-weighted measures."""
    total = w.sum()
    p = w / total
    mu = np.dot(p, x)
    sd = np.sqrt(np.dot(p, (x - mu) ** 2))
    ratio = x / mu
    theil_l = -np.dot(p, np.log(ratio))
    theil_t = np.dot(p, ratio * np.log(ratio))
    ge_minus_one = (np.dot(p, 1 / ratio) - 1) / 2
    ge_half = (np.dot(p, np.sqrt(ratio)) - 1) / -0.25
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    below = np.cumsum(ws) - ws
    gini = np.sum(ws * xs * (2 * below + ws - total)) / (total * total * mu)
    percentiles = np.percentile(x, PERCENTS, weights=w, method="inverted_cdf")
    by_percent = dict(zip(PERCENTS, percentiles))
    return (
        [mu, sd, sd / mu, gini, theil_t, theil_l, ge_minus_one, ge_half, sd * sd / (2 * mu * mu),
         1 - (1 - 0.25 * ge_half) ** 2, 1 - np.exp(-theil_l), 1 - 1 / (1 + 2 * ge_minus_one),
         x.min(), x.max(), x.max() / x.min(), x.min() / mu]
        + list(percentiles) + [by_percent[u] / by_percent[l] for u, l in RATIOS]
        + [*theil_t_decomposition(x, w, province, PROVINCES), *theil_l_decomposition(x, w, province, PROVINCES),
           *theil_t_decomposition(x, w, urban, 2), *theil_l_decomposition(x, w, urban, 2)]
        + gaps(x, w, urban)
    ), lorenz(x, w)


def run(panel_path, results_path):
    province, urban, population, values = read_panel(panel_path)
    indicators, years, counties = values.shape
    series = indicators * years
    results = np.empty((series, len(RESULT_FIELDS)))
    curves = np.empty((series, 2, counties + 1))
    start = time.perf_counter()
    for indicator in range(indicators):
        for year in range(years):
            row = indicator * years + year
            x = values[indicator, year]
            w = population[year]
            unweighted, unweighted_curve = unweighted_measures(x, province, urban)
            weighted, weighted_curve = weighted_measures(x, w, province, urban)
            results[row] = unweighted + weighted
            curves[row, 0], curves[row, 1] = unweighted_curve, weighted_curve
    seconds = time.perf_counter() - start
    with open(results_path, "wb") as file:
        file.write(results.astype("<f8").tobytes())
        file.write(curves.astype("<f8").tobytes())
    print(f"python_seconds={seconds:.3f}")


def compare(panel_path, python_path, swift_path, python_seconds, swift_timings):
    """swift_timings: "threads:seconds" pairs separated by commas, e.g. "1:0.38,2:0.21"."""
    _, _, _, values = read_panel(panel_path)
    indicators, years, counties = values.shape
    series = indicators * years
    fields = len(RESULT_FIELDS)

    def load(path):
        data = np.fromfile(path, "<f8")
        return data[: series * fields].reshape(series, fields), data[series * fields:]

    python_results, python_curves = load(python_path)
    swift_results, swift_curves = load(swift_path)
    difference = np.abs(python_results - swift_results).max(axis=0)
    curve_difference = np.abs(python_curves - swift_curves).max()
    python_seconds = float(python_seconds)
    print(f"panel: {counties} counties x {indicators} indicators x {years} years = {series} series; "
          f"{fields} results and 2 Lorenz curves per series")
    print(f"python (numpy + PySAL inequality), 1 thread: {python_seconds:.3f} s")
    for timing in swift_timings.split(","):
        threads, seconds = timing.split(":")
        print(f"swift (Equalization), {threads} thread(s): {float(seconds):.3f} s  "
              f"-> {python_seconds / float(seconds):.1f}x faster")
    worst = int(np.argmax(difference))
    print(f"max |python - swift| over all results: {max(difference.max(), curve_difference):.3e} "
          f"(worst: {RESULT_FIELDS[worst]}, {difference[worst]:.3e}; Lorenz curves: {curve_difference:.3e})")
    relative = difference / np.abs(python_results).max(axis=0)
    print(f"max difference relative to the measure's largest value: {relative.max():.3e}")


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"generate": generate, "run": run, "compare": compare}[command](*arguments)
