"""Names, phone numbers and the words customers and technicians use, in Chinese and English.

About seven in ten names are Chinese, the rest English (expats and mixed households), so the
console and the reports are exercised with both scripts side by side.
"""

from __future__ import annotations

import random

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
            "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯")
GIVEN = ("伟", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "丹",
         "鑫", "宇", "浩然", "欣怡", "子涵", "俊杰", "佳怡", "文博")
FIRST = ("James", "Emma", "Oliver", "Sophie", "Daniel", "Chloe", "Lucas", "Mia", "Thomas",
         "Hannah", "David", "Laura", "Michael", "Anna", "Ryan", "Grace", "Kevin", "Julia",
         "Mark", "Olivia", "Peter", "Isabel", "Ben", "Nina")
LAST = ("Smith", "Brown", "Wilson", "Taylor", "Martin", "Miller", "Davies", "Clarke",
        "Walker", "Wright", "Müller", "Schmidt", "Dubois", "Moreau", "Rossi", "Kim", "Tanaka",
        "Evans", "Hall", "Young", "Lee", "Wong", "Chen", "Lin")
CHINESE_SHARE = 0.7

_MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151",
                    "152", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199")


def person_name(rng: random.Random) -> tuple[str, bool]:
    """A name and whether it is Chinese (which decides the address language too)."""
    if rng.random() < CHINESE_SHARE:
        return rng.choice(SURNAMES) + rng.choice(GIVEN), True
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}", False


def technician_name(rng: random.Random) -> str:
    """Technicians are mostly local; the field app shows '王师傅'-style names for some."""
    name, chinese = person_name(rng)
    if chinese and rng.random() < 0.2:
        return name[0] + "师傅"
    return name


def mobile(rng: random.Random, taken: set[str]) -> str:
    """A unique mainland mobile number (11 digits); ``taken`` is updated."""
    while True:
        number = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in taken:
            taken.add(number)
            return number


GOOD_FEEDBACK = (
    "师傅很专业，半夜也来得很快，谢谢！",
    "态度很好，修得很干净。",
    "Fast and friendly at 2 a.m., fixed in twenty minutes.",
    "Great service, explained everything clearly.",
)
BAD_FEEDBACK = (
    "等了一个多小时才到，太慢了。",
    "价格比报价高了很多，没有提前说明。",
    "修完第二天又漏水了。",
    "师傅态度不好，地上弄得很脏。",
    "Waited over an hour in the cold, nobody called to say they were late.",
    "Charged far more than the quote, no explanation.",
    "The leak came back the next morning.",
    "Technician was rude and left a mess.",
)
CANCEL_REASONS = (
    "customer fixed it themselves",
    "duplicate of an earlier call",
    "customer found another service",
    "客户表示不需要了",
    "wait too long, customer cancelled",
    "物业已经处理",
)
FAILURE_REASONS = (
    "part not in the van, revisit with replacement",
    "no access to the building at night",
    "needs a specialist, booked a revisit",
    "配件缺货，需要二次上门",
    "业主不在家，无法入户",
)
PARTS: dict[str, tuple[tuple[str, int, int], ...]] = {
    # skill -> (part name, min cents, max cents)
    "plumbing": (("PPR pipe coupling 管件", 1500, 6000), ("angle valve 角阀", 3000, 9000),
                 ("flexible hose 软管", 2000, 5000), ("pipe clamp 管卡", 500, 2000)),
    "locksmith": (("lock cylinder 锁芯", 8000, 30000), ("door handle 把手", 5000, 15000)),
    "electrical": (("circuit breaker 空开", 4000, 12000), ("socket 插座", 1500, 4000),
                   ("RCD 漏保", 8000, 20000)),
    "heating": (("thermostat 温控器", 15000, 40000), ("pressure valve 泄压阀", 6000, 15000)),
    "appliance": (("heating element 加热管", 8000, 25000), ("door seal 门封", 4000, 10000)),
    "glazing": (("tempered glass pane 钢化玻璃", 20000, 60000),),
    "pest": (("bait station 诱饵盒", 3000, 8000),),
}
