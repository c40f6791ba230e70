# ruff: noqa: E501  (translation table: source strings must stay whole)
"""Refresh the Simplified Chinese catalogue: lupdate over ui/, fill translations, lrelease.

Run from the repository root: ``.venv/bin/python resources/i18n/update_zh.py``. Strings
without an entry here stay unfinished in the .ts (and fall back to English at run time);
the script lists them so they can be added.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "dispatch_zh_CN.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent

# Long source strings cannot be wrapped without changing the lookup key.
ZH: dict[str, str] = {
    " (paused)": "（已暂停）",
    "%1 — Undo (Ctrl+Z) %2 s": "%1 — 撤销 (Ctrl+Z) %2 秒",
    "%n command(s) queued": "%n 条指令待发送",
    "%n min": "%n 分钟",
    "%n previous call(s)": "%n 次历史来电",
    "&Dispatch": "调度(&D)",
    "&File": "文件(&F)",
    "&Help": "帮助(&H)",
    "&Reports": "报表(&R)",
    "&Training": "培训(&T)",
    "&View": "视图(&V)",
    "&Window": "窗口(&W)",
    "+86 138 0000 0000": "+86 138 0000 0000",
    "A reason is required to override": "强制指派需要填写原因",
    "Accepted": "已接单",
    "Action": "操作",
    "Add a note and press Enter": "输入备注后按回车",
    "Add note": "添加备注",
    "Address": "地址",
    "Admin": "管理员",
    "Alerts": "提醒",
    "All categories": "全部类别",
    "All districts": "全部区域",
    "All priorities": "全部优先级",
    "All skills": "全部技能",
    "All statuses": "全部状态",
    "Almost late": "即将超时",
    "App": "App",
    "Appliance": "家电",
    "Appliance repair": "家电维修",
    "Assign": "指派",
    "Assign anyway…": "仍然指派…",
    "Assign call {call}": "指派工单 {call}",
    "Assign top recommendation": "指派首选技师",
    "Assigned": "已指派",
    "Assignee": "负责人",
    "Automatic (night 20:00–07:00)": "自动（20:00–07:00 夜间）",
    "Autopilot (engine dispatches)": "自动驾驶（引擎调度）",
    "Available": "空闲",
    "Best technicians for call #%1 — Enter assigns": "工单 #%1 的推荐技师 — 回车指派",
    "Blocked drain": "下水道堵塞",
    "Boiler failure": "锅炉故障",
    "Broken lock": "门锁损坏",
    "Broken window": "窗户破损",
    "Build": "生成",
    "Building {week}…": "正在生成 {week}…",
    "Burst pipe": "水管爆裂",
    "Call #%1 saved": "工单 #%1 已保存",
    "Call %1: %2": "工单 %1：%2",
    "Call queue": "来电队列",
    "Call {call} to {name}": "工单 {call} 指派给 {name}",
    "Cancel call {call}": "取消工单 {call}",
    "Cancelled": "已取消",
    "Cannot reach the hub: {reason}": "无法连接调度中心：{reason}",
    "Category": "类别",
    "Channel": "渠道",
    "Chime volume": "提示音音量",
    "Close": "关闭",
    "Comfortable": "宽松",
    "Compact": "紧凑",
    "Completed": "已完成",
    "Connecting…": "正在连接…",
    "Coordinates must be numbers, e.g. 31.2304 and 121.4737": "坐标必须是数字，例如 31.2304 和 121.4737",
    "Created": "已创建",
    "Crew": "人数",
    "Crew size": "所需人数",
    "Current job": "当前工单",
    "Customer cancels": "客户取消",
    "DEMO — simulated night, not live data": "演示 — 模拟夜班，非真实数据",
    "Day": "日间",
    "Demo": "演示",
    "Dismiss": "关闭",
    "Dispatch": "调度",
    "Dispatcher": "调度员",
    "District": "区域",
    "Due soon": "即将到期",
    "ETA": "预计到达",
    "Electrical": "电工",
    "Electrical fault": "电路故障",
    "Emergency": "紧急",
    "Emergency call": "紧急来电",
    "En route": "在途",
    "Engine": "引擎",
    "Enter a user name and a password.": "请输入用户名和密码。",
    "Enter latitude and longitude, or pick the spot on the map": "请输入纬度和经度，或在地图上选点",
    "Enter the address": "请输入地址",
    "Enter the caller's name": "请输入来电人姓名",
    "Enter the caller's phone number": "请输入来电号码",
    "Failed": "失败",
    "Focus call queue": "转到来电队列",
    "Focus job detail": "转到工单详情",
    "Focus map": "转到地图",
    "Focus recommendations": "转到推荐技师",
    "Focus technician board": "转到技师看板",
    "Focus timeline": "转到时间线",
    "Full screen": "全屏",
    "Glazing": "玻璃",
    "Group": "分组",
    "Heating": "供暖",
    "Help": "帮助",
    "Hub unreachable: {what} queued ({n} waiting)": "调度中心不可达：{what} 已排队（共 {n} 条）",
    "Hub unreachable: {what} was not sent": "调度中心不可达：{what} 未发送",
    "Hub: {url}": "调度中心：{url}",
    "ID": "编号",
    "Inject": "注入",
    "Injected: %s": "已注入：%s",
    "Job detail": "工单详情",
    "Jobs ahead": "待办工单",
    "Jobs tonight": "今晚工单",
    "Keyboard shortcuts": "键盘快捷键",
    "Keys": "按键",
    "Language": "语言",
    "Language (after restart)": "语言（重启后生效）",
    "Latitude must be between -90 and 90": "纬度必须在 -90 到 90 之间",
    "Leak": "漏水",
    "Location": "位置",
    "Lockout": "被锁门外",
    "Locksmith": "开锁",
    "Longitude must be between -180 and 180": "经度必须在 -180 到 180 之间",
    "Look-up failed: %1": "查询失败：%1",
    "Looking up…": "正在查询…",
    "Map": "地图",
    "Mini program": "小程序",
    "Mute alerts": "提醒静音",
    "Mute all chimes (rows still pulse)": "全部提示音静音（行仍会闪烁）",
    "Name": "姓名",
    "Navigate": "导航",
    "New": "新建",
    "New call": "新建工单",
    "New call for {name}": "{name} 的新工单",
    "New caller": "新来电人",
    "Next call": "下一个工单",
    "Night": "夜间",
    "Night Dispatch Console": "夜班调度台",
    "Night Dispatch Console — sign in": "夜班调度台 — 登录",
    "Night Dispatch Console — {name} ({role})": "夜班调度台 — {name}（{role}）",
    "No call selected": "未选择工单",
    "No database to report from (start with --db URL)": "没有可用于报表的数据库（请用 --db URL 启动）",
    "No heating": "暖气不热",
    "No technician can take this call now": "目前没有技师可以接这个工单",
    "Normal": "普通",
    "Not a phone number (digits, spaces, + ( ) - only)": "不是电话号码（只能包含数字、空格、+ ( ) -）",
    "Not allowed: {reason}": "不允许：{reason}",
    "Not assigned: %1": "未指派：%1",
    "Not saved": "未保存",
    "Not signed in": "未登录",
    "Not started": "未开始",
    "Notes": "备注",
    "Nothing to undo (assignments can be undone for 10 s)": "没有可撤销的操作（指派后 10 秒内可撤销）",
    "Off duty": "下班",
    "On break": "休息中",
    "On site": "在现场",
    "On time": "准时",
    "Paper": "纸张",
    "Partner API": "合作方 API",
    "Password": "密码",
    "Pause": "暂停",
    "Pest control": "除虫",
    "Pests": "虫害",
    "Phone": "电话",
    "Pick on map": "在地图上选点",
    "Plumbing": "水暖",
    "Power outage": "停电",
    "Previous call": "上一个工单",
    "Print…": "打印…",
    "Priority": "优先级",
    "Promise broken": "已超时",
    "Quit": "退出",
    "Reason for the record (required)": "记录原因（必填）",
    "Reassign call {call}": "改派工单 {call}",
    "Reassigned": "已改派",
    "Recommendations": "推荐技师",
    "Recommended technicians": "推荐技师",
    "Reports": "报表",
    "Reset layout": "重置布局",
    "Reset night": "重置夜班",
    "Resume": "继续",
    "Row density": "行密度",
    "SLA": "时限",
    "Save call (Enter)": "保存工单（回车）",
    "Save report": "保存报表",
    "Saved {path}": "已保存 {path}",
    "Save…": "保存…",
    "Saving…": "正在保存…",
    "Score: trainee vs engine, same night": "得分：学员与引擎对比（同一夜班）",
    "Search address, name, phone, #id…": "搜索地址、姓名、电话、#编号…",
    "Search calls": "搜索工单",
    "Search technician…": "搜索技师…",
    "Select a call first": "请先选择一个工单",
    "Select a call to see who should go": "选择工单以查看推荐技师",
    "Settings": "设置",
    "Settings…": "设置…",
    "Shift left": "剩余班时",
    "Shift timeline": "班次时间线",
    "Sign in": "登录",
    "Simulated night": "模拟夜班",
    "Simulation speed": "模拟速度",
    "Skills": "技能",
    "Someone else changed this call first": "其他人已先修改了该工单",
    "Speed": "速度",
    "Status": "状态",
    "Supervisor": "主管",
    "Switch comfortable / compact rows": "切换宽松 / 紧凑行",
    "Switch night / day theme": "切换夜间 / 日间主题",
    "System": "跟随系统",
    "Technician": "技师",
    "Technician board": "技师看板",
    "Technicians": "技师",
    "Test chime": "试听提示音",
    "The call form is not part of this install": "此安装不包含来电表单",
    "Theme": "主题",
    "Timeline": "时间线",
    "Trainee": "学员",
    "Trainer": "培训师",
    "Trainer panel": "培训面板",
    "Training mode: calls, customers and technicians are simulated. Nothing you do here "
    "reaches the live database.": "培训模式：来电、客户和技师均为模拟，这里的操作不会写入真实数据库。",
    "Type the note first": "请先输入备注",
    "Unassign call {call}": "撤销指派工单 {call}",
    "Unassigned": "已撤销指派",
    "Undo": "撤销",
    "Undo last assignment (10 s)": "撤销上一次指派（10 秒内）",
    "Undo: {what}": "撤销：{what}",
    "Undone: {what}": "已撤销：{what}",
    "Urgent": "加急",
    "User name": "用户名",
    "Van breakdown": "车辆故障",
    "Waiting": "等待中",
    "Web form": "网页表单",
    "Week of": "周起始",
    "Weekly report": "周报",
    "Weekly report…": "周报…",
    "Why": "原因",
    "Window": "窗口",
    "Wrong user name or password.": "用户名或密码错误。",
    "Your role can view dispatch but not change it": "您的角色只能查看调度，不能修改",
    "latency {ms} ms": "延迟 {ms} 毫秒",
    "latency –": "延迟 –",
    "latitude": "纬度",
    "longitude": "经度",
    "match": "匹配",
    "missing": "缺少",
    "muted": "已静音",
    "none": "无",
    "off shift": "不在班",
    "paused": "已暂停",
    "{name} got it first": "{name} 已先被指派",
    "{name} got it first (by {who})": "{name} 已先被指派（由 {who}）",
    "{name} · {role}": "{name} · {role}",
    "{pages} pages": "共 {pages} 页",
    "○ Connecting…": "○ 正在连接…",
    "○ Offline since {since}": "○ 自 {since} 起离线",
    "● Connected": "● 已连接",
    "◐ Reconnecting since {since}": "◐ 自 {since} 起重新连接中",
    "Demo clock": "演示时钟",
    "First start: users {names} were created; each password is the user name.": "首次启动：已创建用户 {names}，密码与用户名相同。",
    "Calls created so far tonight, judged as of the simulated now. The engine column is the same "
    "night dispatched by the recommendation engine (… while it is being computed).": "今晚到目前为止的来电，按模拟当前时间评估。引擎一列是同一夜班由推荐引擎调度的结果（计算中显示 …）。",
}


def fill(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = ZH.get(source)
        if text is None:
            if translation.get("type") != "obsolete":
                missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for old in list(translation):
                translation.remove(old)
            form = ET.SubElement(translation, "numerusform")
            form.text = text
        else:
            translation.text = text
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)],
        cwd=ROOT,
        check=True,
    )
    missing = fill(TS)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    for text in missing:
        print(f"untranslated: {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
