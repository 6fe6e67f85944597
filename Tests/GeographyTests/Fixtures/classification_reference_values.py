"""Prints the reference values the classification tests pin, computed with mapclassify
(pip install mapclassify==2.10.0) on its `calemp` example (employment density of California's 58
counties, calempdensity.csv, column "emp/sq km")."""
import mapclassify

y = mapclassify.load_example()
for name, classifier in [
    ("quantiles", mapclassify.Quantiles(y, k=5)),
    ("equal_interval", mapclassify.EqualInterval(y, k=5)),
    ("fisher_jenks", mapclassify.FisherJenks(y, k=5)),
]:
    print(name, "bins", " ".join(repr(float(b)) for b in classifier.bins))
    print(name, "counts", " ".join(str(c) for c in classifier.counts))
    print(name, "yb[:10]", " ".join(str(c) for c in classifier.yb[:10]))
