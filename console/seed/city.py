"""A small, offline picture of central Shanghai for demo data: districts, streets, addresses.

Centre points and radii are rough (good enough to put dots in the right district on the
map); the real district outlines live in ``resources/maps`` and are not needed here.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class District:
    name: str  # English, as stored in ``calls.district``
    zh: str
    lat: float
    lon: float
    radius_km: float
    weight: float  # share of calls (population and housing stock, roughly)
    streets: tuple[tuple[str, str], ...]  # (Chinese, English) street names


DISTRICTS: tuple[District, ...] = (
    District("Huangpu", "黄浦区", 31.2317, 121.4846, 2.6, 0.9,
             (("南京东路", "East Nanjing Rd"), ("淮海中路", "Middle Huaihai Rd"),
              ("西藏南路", "South Xizang Rd"), ("复兴中路", "Middle Fuxing Rd"))),
    District("Xuhui", "徐汇区", 31.1885, 121.4365, 3.6, 1.3,
             (("漕溪北路", "Caoxi North Rd"), ("衡山路", "Hengshan Rd"),
              ("天钥桥路", "Tianyaoqiao Rd"), ("宜山路", "Yishan Rd"))),
    District("Changning", "长宁区", 31.2206, 121.4044, 3.2, 0.9,
             (("延安西路", "West Yan'an Rd"), ("仙霞路", "Xianxia Rd"),
              ("天山路", "Tianshan Rd"), ("愚园路", "Yuyuan Rd"))),
    District("Jing'an", "静安区", 31.2480, 121.4560, 3.2, 1.1,
             (("南京西路", "West Nanjing Rd"), ("共和新路", "Gonghexin Rd"),
              ("万航渡路", "Wanhangdu Rd"), ("大宁路", "Daning Rd"))),
    District("Putuo", "普陀区", 31.2496, 121.3970, 3.5, 1.0,
             (("曹杨路", "Caoyang Rd"), ("长寿路", "Changshou Rd"),
              ("真北路", "Zhenbei Rd"), ("武宁路", "Wuning Rd"))),
    District("Hongkou", "虹口区", 31.2646, 121.5050, 2.8, 0.8,
             (("四川北路", "North Sichuan Rd"), ("曲阳路", "Quyang Rd"),
              ("大连路", "Dalian Rd"), ("东江湾路", "East Jiangwan Rd"))),
    District("Yangpu", "杨浦区", 31.2830, 121.5260, 3.6, 1.1,
             (("四平路", "Siping Rd"), ("国权路", "Guoquan Rd"),
              ("控江路", "Kongjiang Rd"), ("长阳路", "Changyang Rd"))),
    District("Pudong", "浦东新区", 31.2200, 121.5440, 6.0, 2.4,
             (("世纪大道", "Century Ave"), ("张杨路", "Zhangyang Rd"),
              ("浦东南路", "South Pudong Rd"), ("锦绣路", "Jinxiu Rd"))),
)

_KM_PER_DEG_LAT = 111.32


def random_point(rng: random.Random, district: District) -> tuple[float, float]:
    """A point in the district, denser towards its centre (sqrt keeps it uniform on a disc)."""
    r = district.radius_km * math.sqrt(rng.random())
    theta = rng.uniform(0.0, 2 * math.pi)
    dlat = r * math.cos(theta) / _KM_PER_DEG_LAT
    dlon = r * math.sin(theta) / (_KM_PER_DEG_LAT * math.cos(math.radians(district.lat)))
    return round(district.lat + dlat, 6), round(district.lon + dlon, 6)


def pick_district(rng: random.Random) -> District:
    return rng.choices(DISTRICTS, weights=[d.weight for d in DISTRICTS])[0]


def address(rng: random.Random, district: District, *, chinese: bool) -> str:
    """'徐汇区漕溪北路 88 号 12 室' or 'Room 1203, 88 Caoxi North Rd, Xuhui'."""
    zh_street, en_street = rng.choice(district.streets)
    number = rng.randint(1, 1200)
    floor = rng.randint(1, 32)
    room = floor * 100 + rng.randint(1, 8)
    if chinese:
        return f"{district.zh}{zh_street} {number} 号 {room} 室"
    return f"Room {room}, {number} {en_street}, {district.name}"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; plenty for city-scale travel estimates."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
