"""Prints the reference values the accessibility tests pin, computed with PySAL `access`
(pip install access==1.1.10.post3) on the hospital example of its own test suite
(access/tests/test_hospital_example.py, scenario 0 "gridlock": populations 100/50/10,
doctors 15/20/100, costs in minutes, 61-minute cutoff, gravity weight 1/cost)."""
import pandas as pd
from access import Access, weights

tracts = pd.DataFrame(
    [
        {"geoid": 1, "pop": 100, "doc": 15},
        {"geoid": 2, "pop": 50, "doc": 20},
        {"geoid": 3, "pop": 10, "doc": 100},
    ]
)
costs = pd.DataFrame(
    [
        {"origin": 1, "dest": 1, "cost": 1},
        {"origin": 2, "dest": 2, "cost": 1},
        {"origin": 3, "dest": 3, "cost": 1},
        {"origin": 1, "dest": 3, "cost": 40},
        {"origin": 2, "dest": 3, "cost": 40},
        {"origin": 3, "dest": 1, "cost": 40},
        {"origin": 3, "dest": 2, "cost": 40},
        {"origin": 1, "dest": 2, "cost": 80},
        {"origin": 2, "dest": 1, "cost": 80},
    ]
)
a = Access(
    demand_df=tracts, demand_index="geoid", demand_value="pop",
    supply_df=tracts, supply_index="geoid", supply_value="doc",
    cost_df=costs, cost_origin="origin", cost_dest="dest", cost_name="cost",
)
a.two_stage_fca(name="gravity2", weight_fn=weights.gravity(1, -1), max_cost=61)
a.three_stage_fca(name="gravity3", weight_fn=weights.gravity(1, -1), max_cost=61)
a.two_stage_fca(name="step2", max_cost=61)
for column in ["gravity2_doc", "gravity3_doc", "step2_doc"]:
    print(column, " ".join(f"{v:.6f}" for v in a.access_df[column]))
