#!/usr/bin/env python3
"""Writes the demo's facilities and settlements of Xingtai (邢台市, 130500) and its 18 counties.

These are synthetic demo data (示例数据), not real facilities, villages or population figures:
every name, position, capacity and head count is drawn from one seeded random generator
(random.Random(20241), counties taken in code order), so two runs write byte-identical files.
The places are drawn inside the county boundaries of xingtai-boundaries.geojson (GCJ-02
coordinates, tested with a ray-casting point-in-polygon that honours holes and multipolygons), so
the points are GCJ-02 too and the demo imports them as such.

Each county gets 8–14 townships (乡镇; 街道 in a district, a region whose name ends in 区), more in a
larger county, and each township 3–6 villages (村; 社区 in a district). The population file has one
row per township seat and per village, coded county code + township number + village number (000
for the seat). The facilities file has per township a 乡镇卫生院 (社区卫生服务中心 in a district),
a 综合文化站, a 初中, a 幼儿园 and a 中心小学 near the seat, one more 小学 per one or two villages
and a 村卫生室 in most villages; in the three largest counties (the "lagging" ones) about 40% of
the villages have no 村卫生室, so that the accessibility maps differ. Each county has one to three
养老机构 near its most populous township seat.

Usage: scripts/make-xingtai-facilities.py
Input: Sources/JunhengApp/Demo/Maps/xingtai-boundaries.geojson
Output: Sources/JunhengApp/Demo/Maps/xingtai-facilities.csv and xingtai-population.csv (UTF-8,
no BOM, header row, comma-separated).
"""
import json
import math
import pathlib
import random

SEED = 20241
# The demo panel runs 2015-2020 (the 13th plan): the coverage computed from these points is a 2020 figure beside the others.
YEAR = 2020
CITY = "130500"
LAGGING_COUNT = 3
LAGGING_SHARE = 0.4  # share of villages without a 村卫生室 in a lagging county
MISSING_SHARE = 0.05  # chance that a village elsewhere has none
KM_PER_DEGREE = 6371.0088 * math.pi / 180
ROOT = pathlib.Path(__file__).resolve().parent.parent
MAPS = ROOT / "Sources/JunhengApp/Demo/Maps"

POPULATION_HEADER = "编号,名称,区划代码,经度,纬度,常住人口,年份"
FACILITY_HEADER = "编号,名称,类型,区划代码,经度,纬度,床位,学位,医生,状态,服务项目,地址"

# Name parts. Rural places: a surname or a word, then a settlement word.
SURNAMES = list("王张李刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
DIRECTIONS = list("东西南北前后中上下大小")
WORDS = ["河", "桥", "井", "泉", "岗", "坡", "台", "堤", "柳", "杨", "槐", "枣", "梨", "杏", "桑", "榆",
         "龙", "凤", "马", "牛", "羊", "鹿", "石", "沙", "盐", "寺", "庙", "城", "塔", "楼", "花", "明",
         "德", "安", "宁", "和", "丰", "兴", "平", "吉"]
PLACES = ["庄", "家庄", "营", "店", "寨", "屯", "集", "堡", "疃", "口", "铺", "湾", "林", "坊", "窑",
          "固", "头", "里", "辛庄", "新庄", "官庄", "古城", "留村", "寨子"]
# Urban places: a street or neighbourhood word, then a community word.
URBAN = ["新华", "和平", "建设", "团结", "幸福", "光明", "文化", "人民", "胜利", "友谊", "长安", "康庄",
         "泉北", "泉南", "桥东", "桥西", "达活泉", "中兴", "钢铁", "冶金", "豫让", "守敬", "紫金", "开元",
         "顺德", "七里河", "龙岗", "银河", "春晖", "育才", "迎宾", "新兴", "丰收", "朝阳", "百泉", "金华",
         "滨河", "园林", "清风", "富强", "民主", "振兴", "永安", "兴隆", "太和", "裕华", "信德", "襄都"]
URBAN_PLACES = ["里", "苑", "园", "路", "街", "花园", "小区", "新村", "东区", "西区", "南区", "北区"]
ORDINALS = ["第一", "第二", "第三"]


# --- Geometry --------------------------------------------------------------------------------

def in_ring(lon: float, lat: float, ring: list) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Region:
    def __init__(self, feature: dict):
        self.code = feature["properties"]["code"]
        self.name = feature["properties"]["name"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        self.polygons = [[[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in polygons]
        points = [point for polygon in self.polygons for point in polygon[0]]
        self.west = min(x for x, _ in points)
        self.east = max(x for x, _ in points)
        self.south = min(y for _, y in points)
        self.north = max(y for _, y in points)
        self.urban = self.name.endswith("区")
        self.area = self.square_kilometres()

    def contains(self, lon: float, lat: float) -> bool:
        if not (self.west < lon < self.east and self.south < lat < self.north):
            return False
        for polygon in self.polygons:
            if in_ring(lon, lat, polygon[0]) and not any(in_ring(lon, lat, hole) for hole in polygon[1:]):
                return True
        return False

    def square_kilometres(self) -> float:
        """Shoelace area on a local equirectangular projection."""
        scale = math.cos(math.radians((self.south + self.north) / 2))
        total = 0.0
        for polygon in self.polygons:
            for index, ring in enumerate(polygon):
                twice = sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring)))
                total += abs(twice) / 2 * (-1 if index else 1)
        return total * scale * KM_PER_DEGREE ** 2

    def random_point(self, rng: random.Random) -> tuple:
        while True:
            lon = rng.uniform(self.west, self.east)
            lat = rng.uniform(self.south, self.north)
            if self.contains(lon, lat):
                return lon, lat

    def point_near(self, rng: random.Random, centre: tuple, low_km: float, high_km: float) -> tuple:
        """A point inside the region between low_km and high_km from centre (the centre itself
        being inside, the ring shrinks towards it if no point is found)."""
        for attempt in range(400):
            shrink = 0.5 ** (attempt // 100)
            distance = rng.uniform(low_km, high_km) * shrink
            bearing = rng.uniform(0, 2 * math.pi)
            lat = centre[1] + distance * math.cos(bearing) / KM_PER_DEGREE
            lon = centre[0] + distance * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(centre[1])))
            if self.contains(lon, lat):
                return lon, lat
        return centre


def kilometres(a: tuple, b: tuple) -> float:
    scale = math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * scale, a[1] - b[1]) * KM_PER_DEGREE


# --- Names -----------------------------------------------------------------------------------

def rural_stem(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.45:
        return rng.choice(SURNAMES) + rng.choice(PLACES)
    if shape < 0.75:
        return rng.choice(DIRECTIONS) + rng.choice(SURNAMES) + rng.choice(["", "", "庄", "营", "寨", "店"])
    if shape < 0.9:
        return rng.choice(WORDS) + rng.choice(PLACES)
    return rng.choice(DIRECTIONS) + rng.choice(WORDS) + rng.choice(["", "庄", "营", "头"])


def urban_stem(rng: random.Random) -> str:
    return rng.choice(URBAN) + rng.choice(URBAN_PLACES)


def street_stem(rng: random.Random) -> str:
    return rng.choice(URBAN) + rng.choice(["", "", "", "路", "大街"])


def unique_name(rng: random.Random, used: set, stem, suffix: str) -> str:
    while True:
        name = stem(rng)
        if name.endswith(suffix[0]):
            continue  # no "王家庄村村"-like doubles
        name += suffix
        if name not in used and name[:-len(suffix)] not in used:
            used.add(name)
            used.add(name[:-len(suffix)])
            return name


# --- Generation ------------------------------------------------------------------------------

def fmt(value: float) -> str:
    return f"{value:.6f}"


def status(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.02:
        return "在建"
    if draw < 0.03:
        return "停用"
    return "在用"


def township_count(region: Region, smallest: float, largest: float) -> int:
    share = (region.area - smallest) / (largest - smallest) if largest > smallest else 0.5
    return 8 + round(6 * share)


def generate(region: Region, count: int, lagging: bool, rng: random.Random):
    used: set = set()
    townships = []
    seats: list = []
    for _ in range(count):
        # best of a few candidates: seats spread over the county
        candidates = [region.random_point(rng) for _ in range(6)]
        seat = max(candidates, key=lambda p: min((kilometres(p, s) for s in seats), default=0.0))
        seats.append(seat)
        if region.urban:
            kind = "街道"
            name = unique_name(rng, used, street_stem, "街道")
        else:
            kind = "镇" if rng.random() < 0.65 else "乡"
            name = unique_name(rng, used, rural_stem, kind)
        villages = []
        for _ in range(rng.choice([3, 3, 3, 4, 4, 5, 6])):
            if region.urban:
                point = region.point_near(rng, seat, 0.6, 2.5)
                villages.append({"name": unique_name(rng, used, urban_stem, "社区"), "point": point,
                                 "population": rng.randint(5000, 30000)})
            else:
                point = region.point_near(rng, seat, 1.0, 3.8)
                villages.append({"name": unique_name(rng, used, rural_stem, "村"), "point": point,
                                 "population": rng.randint(600, 4500)})
        population = rng.randint(5000, 30000) if region.urban else rng.randint(3000, 15000)
        townships.append({"name": name, "kind": kind, "seat": seat, "population": population,
                          "villages": villages})

    # Township numbers as in the national codes: 街道 001…, 镇 101…, 乡 201….
    first = {"街道": 1, "镇": 101, "乡": 201}
    for township in townships:
        township["number"] = first[township["kind"]]
        first[township["kind"]] += 1
    townships.sort(key=lambda t: t["number"])

    population_rows = []
    for township in townships:
        prefix = f"{region.code}{township['number']:03d}"
        population_rows.append([f"{prefix}000", township["name"], region.code, fmt(township["seat"][0]),
                                fmt(township["seat"][1]), str(township["population"]), str(YEAR)])
        for index, village in enumerate(township["villages"], start=1):
            population_rows.append([f"{prefix}{index:03d}", village["name"], region.code,
                                    fmt(village["point"][0]), fmt(village["point"][1]),
                                    str(village["population"]), str(YEAR)])

    all_villages = [v for t in townships for v in t["villages"]]
    if lagging:
        without = set(map(id, rng.sample(all_villages, round(LAGGING_SHARE * len(all_villages)))))
    else:
        without = {id(v) for v in all_villages if rng.random() < MISSING_SHARE}

    facilities = []

    def add(name, kind, point, beds="", places="", doctors="", address=""):
        facilities.append([name, kind, region.code, fmt(point[0]), fmt(point[1]), str(beds), str(places),
                           str(doctors), status(rng), "", address])

    for township in townships:
        seat = township["seat"]
        address = region.name + township["name"]
        if region.urban:
            add(f"{township['name']}社区卫生服务中心", "社区卫生服务中心", region.point_near(rng, seat, 0.05, 0.5),
                beds=rng.randint(10, 40), doctors=rng.randint(6, 20), address=address)
        else:
            add(f"{township['name']}卫生院", "乡镇卫生院", region.point_near(rng, seat, 0.05, 0.5),
                beds=rng.randint(20, 80), doctors=rng.randint(8, 30), address=address)
        add(f"{township['name']}综合文化站", "综合文化站", region.point_near(rng, seat, 0.05, 0.5), address=address)
        add(f"{township['name']}中心小学", "小学", region.point_near(rng, seat, 0.1, 0.8),
            places=rng.randint(200, 900), address=address)
        add(f"{township['name']}中学", "初中", region.point_near(rng, seat, 0.1, 0.8),
            places=rng.randint(600, 1800), address=address)
        add(f"{township['name']}幼儿园", "幼儿园", region.point_near(rng, seat, 0.05, 0.6),
            places=rng.randint(90, 360), address=address)
        villages = township["villages"]
        group = 0
        while group < len(villages):
            size = 1 if rng.random() < 0.2 else 2
            school = villages[group + rng.randrange(min(size, len(villages) - group))]
            add(f"{school['name']}小学", "小学", region.point_near(rng, school["point"], 0.05, 0.4),
                places=rng.randint(200, 900), address=address + school["name"])
            group += size
        for village in villages:
            if id(village) in without:
                continue
            add(f"{village['name']}卫生室", "村卫生室", region.point_near(rng, village["point"], 0.02, 0.3),
                doctors=rng.randint(1, 3), address=address + village["name"])

    largest = max(townships, key=lambda t: (t["population"], -t["number"]))
    for ordinal in ORDINALS[:rng.randint(1, 3)]:
        add(f"{region.name}{ordinal}养老院", "养老机构", region.point_near(rng, largest["seat"], 0.2, 1.5),
            beds=rng.randint(80, 300), address=region.name + largest["name"])

    facility_rows = [[f"F{region.code}{index:04d}"] + row for index, row in enumerate(facilities, start=1)]
    return population_rows, facility_rows


def write(path: pathlib.Path, header: str, rows: list) -> None:
    for row in rows:
        for cell in row:
            assert "," not in cell and "\n" not in cell and '"' not in cell, cell
    text = header + "\n" + "".join(",".join(row) + "\n" for row in rows)
    path.write_bytes(text.encode("utf-8"))


def main() -> None:
    collection = json.loads((MAPS / "xingtai-boundaries.geojson").read_text(encoding="utf-8"))
    regions = sorted((Region(f) for f in collection["features"] if f["properties"]["code"] != CITY),
                     key=lambda r: r.code)
    smallest = min(r.area for r in regions)
    largest = max(r.area for r in regions)
    lagging = {r.code for r in sorted(regions, key=lambda r: (-r.area, r.code))[:LAGGING_COUNT]}
    rng = random.Random(SEED)
    population, facilities = [], []
    for region in regions:
        people, places = generate(region, township_count(region, smallest, largest), region.code in lagging, rng)
        population += people
        facilities += places
    write(MAPS / "xingtai-population.csv", POPULATION_HEADER, population)
    write(MAPS / "xingtai-facilities.csv", FACILITY_HEADER, facilities)
    print(f"population: {len(population)} rows; facilities: {len(facilities)} rows; "
          f"lagging: {', '.join(r.name for r in regions if r.code in lagging)}")


if __name__ == "__main__":
    main()
