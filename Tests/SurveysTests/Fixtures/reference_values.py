"""Prints the reference values SurveysTests pins, computed by samplics (0.6.1, MIT licence) on its
NHANES II example (nhanes2.csv here is samplics/datasets/data/nhanes2.csv unchanged) and by
statsmodels for Wilson intervals.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install samplics==0.6.1 statsmodels
    /tmp/venv/bin/python Tests/SurveysTests/Fixtures/reference_values.py
"""
from pathlib import Path

import numpy as np
import pandas as pd
from samplics.estimation import TaylorEstimator
from samplics.utils.types import PopParam
from samplics.weighting import SampleWeight
from statsmodels.stats.proportion import proportion_confint

data = pd.read_csv(Path(__file__).with_name("nhanes2.csv"))


def taylor_mean(frame, column, **options):
    estimator = TaylorEstimator(PopParam.mean)
    estimator.estimate(y=frame[column], samp_weight=frame["finalwgt"], stratum=frame["stratid"],
                       psu=frame["psuid"], remove_nan=True, **options)
    return estimator


zinc = taylor_mean(data, "zinc")
print("zinc", zinc.point_est, zinc.stderror, zinc.degree_of_freedom, zinc.lower_ci, zinc.upper_ci)
by_region = taylor_mean(data, "zinc", domain=data["region"])
for region in sorted(by_region.point_est):
    print("zinc region", region, by_region.point_est[region], by_region.stderror[region],
          by_region.lower_ci[region], by_region.upper_ci[region])
highbp = taylor_mean(data, "highbp")
print("highbp", highbp.point_est, highbp.stderror, highbp.lower_ci, highbp.upper_ci)

control = {"region": {1: 2.5e7, 2: 3.0e7, 3: 3.5e7, 4: 2.0e7}, "race": {1: 9.0e7, 2: 1.5e7, 3: 0.5e7}}
raked = np.asarray(SampleWeight().rake(
    samp_weight=data["finalwgt"].astype(float), margins={"region": data["region"], "race": data["race"]},
    control=control, tol=1e-13, ctrl_tol=1e-13, max_iter=1000))
print("raked weights", [raked[i] for i in (0, 1, 500, 10336)])
reweighted = data.assign(finalwgt=raked)
zinc_raked = taylor_mean(reweighted, "zinc")
print("zinc raked", zinc_raked.point_est, zinc_raked.stderror)

for successes, trials in [(7, 20), (0, 12), (981, 1000), (450, 1200)]:
    print("wilson", successes, trials, proportion_confint(successes, trials, method="wilson"))
