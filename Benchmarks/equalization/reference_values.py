"""Independent reference values pinned in Tests/EqualizationTests/ReferenceValueTests.swift.

PySAL `inequality` (Gini, Theil = Theil T, TheilD, atkinson) for unweighted values; for
weighted values, (a) PySAL on the data with each region repeated `weight` times (integer
weights), and (b) direct numpy formulas (O(n^2) Gini, explicit group sums).

    Benchmarks/.venv/bin/python Benchmarks/equalization/reference_values.py
(the venv that Benchmarks/equalization/run.sh makes has numpy and inequality)
"""
import numpy as np
from inequality.gini import Gini
from inequality.theil import Theil, TheilD
from inequality.atkinson import atkinson

np.set_printoptions(precision=17)

def wmean(x, w): return np.sum(w * x) / np.sum(w)

def ge(x, w, a):
    p = w / w.sum(); mu = np.sum(p * x); r = x / mu
    if a == 0: return np.sum(p * np.log(1 / r))
    if a == 1: return np.sum(p * r * np.log(r))
    return (np.sum(p * r ** a) - 1) / (a * (a - 1))

def gini_pairs(x, w):
    p = w / w.sum(); mu = np.sum(p * x)
    return np.sum(np.outer(p, p) * np.abs(x[:, None] - x[None, :])) / (2 * mu)

def cv(x, w):
    p = w / w.sum(); mu = np.sum(p * x)
    return np.sqrt(np.sum(p * (x - mu) ** 2)) / mu

def atk(x, w, e):
    p = w / w.sum(); mu = np.sum(p * x)
    if e == 1: return 1 - np.exp(np.sum(p * np.log(x))) / mu
    return 1 - np.sum(p * x ** (1 - e)) ** (1 / (1 - e)) / mu

def decomposition(x, w, groups, a):
    """within = sum_g p_g (mu_g/mu)^a GE_g(a); between = GE(a) of group means."""
    p = w / w.sum(); mu = np.sum(p * x)
    within = 0.0; gm = []; gw = []
    for g in sorted(set(groups)):
        m = np.array([gg == g for gg in groups])
        pg = p[m].sum(); mug = np.sum(p[m] * x[m]) / pg
        within += pg * (mug / mu) ** a * ge(x[m], w[m], a)
        gm.append(mug); gw.append(pg)
    between = ge(np.array(gm), np.array(gw), a)
    return within, between

def show(name, value): print(f"{name} = {float(value)!r}")

print("# 1..5 unweighted (DESIGN.md)")
x = np.array([1., 2, 3, 4, 5]); one = np.ones_like(x)
show("cv", cv(x, one)); show("gini(PySAL)", Gini(x).g); show("theilT(PySAL)", Theil(x).T)
show("theilL", ge(x, one, 0)); show("ge(-1)", ge(x, one, -1)); show("ge(0.5)", ge(x, one, 0.5))
show("ge(2)", ge(x, one, 2)); show("ge(3)", ge(x, one, 3))
for e in (0.5, 1, 2): show(f"atkinson({e})(PySAL)", atkinson(x, e))

print("# PySAL atkinson docstring: incomes 10..50")
x = np.array([10., 20, 30, 40, 50])
for e in (0.5, 1): show(f"atkinson({e})", atkinson(x, e))

print("# Mexico pcgdp1940, hanson98 regions (PySAL example data)")
import csv, libpysal
rows = list(csv.DictReader(open(libpysal.examples.get_path('mexico.csv'))))
x = np.array([float(r['pcgdp1940']) for r in rows]); reg = [int(float(r['hanson98'])) for r in rows]
print("values =", [int(v) for v in x]); print("regions =", reg)
one = np.ones_like(x)
show("gini(PySAL)", Gini(x).g); show("theilT(PySAL)", Theil(x).T)
td = TheilD(x, np.array(reg)); show("theilT within(PySAL)", td.wg[0]); show("theilT between(PySAL)", td.bg[0])
show("theilL", ge(x, one, 0)); w, b = decomposition(x, one, reg, 0); show("theilL within", w); show("theilL between", b)
w, b = decomposition(x, one, reg, 1); show("theilT within (numpy)", w); show("theilT between (numpy)", b)
show("cv", cv(x, one)); show("gini pairs", gini_pairs(x, one))
for e in (0.5, 1, 2): show(f"atkinson({e})(PySAL)", atkinson(x, e))
for q in (10, 25, 50, 90): show(f"p{q} inverted_cdf", np.percentile(x, q, method='inverted_cdf'))

print("# Eight counties, integer weights (PySAL on replicated data = weighted)")
x = np.array([12.0, 7.5, 20.25, 9.0, 15.5, 4.0, 30.0, 11.0])
w = np.array([3., 1, 4, 1, 5, 9, 2, 6]); grp = ['rural', 'rural', 'urban', 'rural', 'urban', 'rural', 'urban', 'rural']
rep = np.repeat(x, w.astype(int)); repg = np.repeat(np.array(grp), w.astype(int))
show("mean", wmean(x, w)); show("cv", cv(x, w)); show("gini pairs", gini_pairs(x, w))
show("gini(PySAL replicated)", Gini(rep).g)
show("theilT(PySAL replicated)", Theil(rep).T); show("theilT numpy", ge(x, w, 1))
show("theilL", ge(x, w, 0)); show("ge(-1)", ge(x, w, -1)); show("ge(0.5)", ge(x, w, 0.5)); show("ge(2)", ge(x, w, 2))
for e in (0.5, 1, 2): show(f"atkinson({e})(PySAL replicated)", atkinson(rep, e))
for e in (0.5, 1, 2): show(f"atkinson({e}) numpy", atk(x, w, e))
td = TheilD(rep, repg); show("theilT within(PySAL replicated)", td.wg[0]); show("theilT between(PySAL replicated)", td.bg[0])
for a in (0, 1, 2):
    wi, be = decomposition(x, w, grp, a); show(f"ge({a}) within", wi); show(f"ge({a}) between", be)
for q in (10, 25, 50, 75, 90):
    show(f"p{q} weighted inverted_cdf", np.percentile(x, q, weights=w, method='inverted_cdf'))
order = np.argsort(x); cw = np.cumsum(w[order]); cv_ = np.cumsum((w * x)[order])
print("lorenz population =", list(cw / cw[-1])); print("lorenz value =", list(cv_ / cv_[-1]))
print("# same counties unweighted")
show("gini(PySAL)", Gini(x).g); show("theilT(PySAL)", Theil(x).T)
td = TheilD(x, np.array(grp)); show("theilT within(PySAL)", td.wg[0]); show("theilT between(PySAL)", td.bg[0])
wi, be = decomposition(x, np.ones_like(x), grp, 0); show("theilL within", wi); show("theilL between", be)

print("# Five districts, real-valued populations (numpy formulas only)")
x = np.array([3.2, 8.9, 5.5, 14.1, 6.6]); w = np.array([52.7, 18.3, 40.05, 9.9, 33.3])
grp = ['a', 'b', 'a', 'b', 'c']
show("mean", wmean(x, w)); show("cv", cv(x, w)); show("gini pairs", gini_pairs(x, w))
for a in (-1, 0, 0.5, 1, 2, 3): show(f"ge({a})", ge(x, w, a))
for e in (0.5, 1, 2, 3): show(f"atkinson({e})", atk(x, w, e))
for a in (0, 1, 2, -0.5):
    wi, be = decomposition(x, w, grp, a); show(f"ge({a}) within", wi); show(f"ge({a}) between", be)
for q in (10, 50, 90):
    show(f"p{q} weighted inverted_cdf", np.percentile(x, q, weights=w, method='inverted_cdf'))
