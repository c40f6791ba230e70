"""Report wording in English and Chinese; one table, looked up by key."""

from __future__ import annotations

from reports.errors import ReportError

LANGS = ("en", "zh")

_T: dict[str, tuple[str, str]] = {
    "weekly_title": ("Weekly cost and performance report", "每周成本与绩效报告"),
    "handover_title": ("Shift handover", "交接班报告"),
    "week": ("Week", "周"),
    "generated": ("Generated", "生成时间"),
    "page_of": ("Page {x} of {y}", "第 {x} 页，共 {y} 页"),
    "period": ("{start} to {end} ({tz})", "{start} 至 {end}（{tz}）"),
    "no_calls": ("No calls were received this week.", "本周没有来电。"),
    "no_calls_hint": (
        "Nothing to analyse: check the week and the database.",
        "没有可分析的数据：请检查周次和数据库。",
    ),
    "summary": ("Summary", "概要"),
    "this_week": ("This week", "本周"),
    "prev_week": ("Previous week", "上周"),
    "change": ("Change", "变化"),
    "new": ("new", "新增"),
    "k_calls": ("Calls received", "来电"),
    "k_completed": ("Completed", "已完成"),
    "k_cancelled": ("Cancelled", "已取消"),
    "k_failed": ("Failed", "失败"),
    "k_resp_mean": ("Response time, mean", "响应时间（平均）"),
    "k_resp_p90": ("Response time, p90", "响应时间（P90）"),
    "k_assign": ("Time to assign, mean", "派单时间（平均）"),
    "k_auto": ("Assigned by auto-dispatch", "自动派单"),
    "k_sla": ("SLA compliance", "SLA 达成率"),
    "k_ftf": ("First-time fix rate", "一次修复率"),
    "k_rating": ("Average rating", "平均评分"),
    "k_revenue": ("Revenue", "收入"),
    "k_cost": ("Cost", "成本"),
    "k_margin": ("Margin", "毛利"),
    "definitions": ("Definitions", "指标定义"),
    "def_text": (
        "Figures cover calls received in the week (Monday 00:00 to Monday 00:00 local time), "
        "with their status at generation time. Response time: received to on site. Time to "
        "assign: received to assigned. SLA compliance: share of calls that reached on site at "
        "or before their SLA deadline (calls that never reached on site are not counted). "
        "First-time fix: original calls completed with no revisit, over original calls "
        "completed or failed. Night is 22:00-06:00 local, by time received. Cost: all cost "
        "entries booked to the week's calls. Response time p90: the 90th percentile by linear "
        "interpolation between the two nearest calls (as PostgreSQL percentile_cont). Every "
        "figure is rounded once, from the exact value, for printing.",
        "统计范围为本周（当地时间周一 00:00 至下周一 00:00）的来电，状态以生成时为准。"
        "响应时间：来电至到场。派单时间：来电至派单。SLA 达成率：到场时间不晚于 SLA 截止时间的"
        "来电占已到场来电的比例（未到场的不计入）。一次修复率：无返修的已完成原始来电占"
        "已完成或失败原始来电的比例。夜间为当地 22:00-06:00（按来电时间）。成本：记入本周来电的"
        "全部成本条目。响应时间 P90：第 90 百分位数，在最接近的两个来电之间线性插值（同 PostgreSQL "
        "percentile_cont）。所有数字均由精确值一次四舍五入后打印。",
    ),
    "charts": ("Load and response", "话务量与响应"),
    "c_by_hour": (
        "Calls by hour of day (local time; dark bars: night 22:00-06:00)",
        "按小时来电量（当地时间；深色为夜间 22:00-06:00）",
    ),
    "c_by_weekday": ("Calls by weekday", "按星期来电量"),
    "c_by_category": ("Calls by category", "按类别来电量"),
    "c_by_channel": ("Calls by channel", "按渠道来电量"),
    "c_resp_hour": ("Mean response time by hour (minutes)", "按小时平均响应时间（分钟）"),
    "night_day": ("Night (22:00-06:00) and day", "夜间（22:00-06:00）与白天"),
    "night": ("Night", "夜间"),
    "day": ("Day", "白天"),
    "share": ("Share of calls", "来电占比"),
    "calls": ("Calls", "来电"),
    "technicians": ("Technicians", "技师"),
    "t_name": ("Technician", "技师"),
    "t_jobs": ("Jobs", "工单"),
    "t_hours": ("On-site h", "现场小时"),
    "t_util": ("Utilization", "利用率"),
    "t_km": ("Travel km", "行驶公里"),
    "t_resp": ("Resp. mean", "平均响应"),
    "t_rating": ("Rating", "评分"),
    "t_revenue": ("Revenue", "收入"),
    "t_cost": ("Cost", "成本"),
    "t_note": (
        "No.: the technician's number. Jobs: calls reached on site as crew. Utilization: on-site "
        "hours / hours on shift this week, from the technician's recorded shift start and end "
        "(breaks included); * marks technicians with none recorded, measured against their "
        "nominal weekly shift windows instead. Crew revenue is split evenly.",
        "编号：技师编号。工单：作为出勤人员到场的来电。利用率：现场小时 / 本周在班小时，"
        "按技师记录的班次开始和结束计算（含休息）；标 * 的技师没有记录，改按每周排班时段计算。"
        "多人工单收入平均分摊。",
    ),
    "t_no": ("No.", "编号"),
    "costs": ("Costs", "成本"),
    "cost_travel": ("Travel", "交通"),
    "cost_labor": ("Labor", "人工"),
    "cost_parts": ("Parts", "配件"),
    "cost_platform_fee": ("Platform fees", "平台费用"),
    "total": ("Total", "合计"),
    "plans": ("Pricing plans for this week", "本周定价方案对比"),
    "plan": ("Plan", "方案"),
    "plan_cost": ("Weekly cost", "每周费用"),
    "vs_cheapest": ("vs cheapest", "比最便宜"),
    "plan_usage": (
        "{orders} orders (completed calls), {night} at night; order revenue {revenue}. "
        "Platform fees actually booked: {actual}.",
        "订单 {orders} 个（已完成工单），其中夜间 {night} 个；订单收入 {revenue}。"
        "实际记账平台费用：{actual}。",
    ),
    "cheapest": (
        "Cheapest: {name}, {diff} less than the next plan ({next}).",
        "最便宜：{name}，比次优方案（{next}）少 {diff}。",
    ),
    "breaches": ("SLA breaches", "SLA 违约"),
    "b_late": ("Late", "超时"),
    "none": ("None.", "无。"),
    "staffing": ("Staffing and the whole night's cost", "人力与整晚真实成本"),
    "missing": ("missing", "缺失"),
    "s_role": ("Role at the desk", "岗位"),
    "s_day_h": ("Day hours", "白班小时"),
    "s_night_h": ("Night hours", "夜班小时"),
    "s_cost": ("Cost", "成本"),
    "s_disp_h": ("Dispatcher hours (night / day)", "调度员工时（夜 / 日）"),
    "s_desk_cost": ("Desk cost (night / day)", "坐席成本（夜 / 日）"),
    "s_calls_per_h": ("Calls received per dispatcher hour", "每调度员小时来电"),
    "s_training": ("Training hours and cost", "培训时长与成本"),
    "s_per_job": (
        "Cost per completed job (operations / with staffing)",
        "每单成本（运营 / 含人力）",
    ),
    "s_none": (
        "No console sign-ins were recorded this week: no desk hours to cost.",
        "本周没有控制台登录记录：没有坐席工时可计算。",
    ),
    "s_missing": (
        "Missing from the plans file's [staffing] section: {what}. Those figures are shown "
        "as missing, not as zero.",
        "定价文件 [staffing] 中缺少：{what}。相关数字显示为缺失，而不是零。",
    ),
    "s_note": (
        "Desk time is each console sign-in to its sign-out (or last sign of life), one "
        "person's overlapping sign-ins once, training time excluded. Night hours "
        "(22:00-06:00) cost {premium} more.",
        "坐席时间为每次控制台登录到退出（或最后在线）；同一人重叠的登录只计一次，"
        "培训时间不计入。夜间（22:00-06:00）工时加价 {premium}。",
    ),
    "s_note_no_premium": (
        "Desk time is each console sign-in to its sign-out (or last sign of life), one "
        "person's overlapping sign-ins once, training time excluded. Night hours "
        "(22:00-06:00) are not costed: the plans file names no night premium.",
        "坐席时间为每次控制台登录到退出（或最后在线）；同一人重叠的登录只计一次，"
        "培训时间不计入。夜间（22:00-06:00）工时未计费：定价文件未给出夜班加成。",
    ),
    "w_title": ("Pricing plans with staffing and training counted", "计入人力与培训的定价方案"),
    "w_platform": ("Platform fees", "平台费用"),
    "w_fixed": ("Fixed software fees", "固定软件费"),
    "w_whole": ("Whole week", "整周合计"),
    "w_cheapest": (
        "Counting staffing and training, {name} is cheapest, {diff} less than {next}.",
        "计入人力与培训后，{name} 最便宜，比 {next} 少 {diff}。",
    ),
    "training_title": ("Training records", "培训记录"),
    "month": ("Month", "月份"),
    "tr_trainees": ("Trainees", "学员"),
    "tr_nights": ("Nights", "培训晚数"),
    "tr_abandoned": ("Abandoned", "中途放弃"),
    "tr_hours": ("Hours", "小时"),
    "tr_last": ("Last SLA (engine)", "最近 SLA（引擎）"),
    "tr_best": ("Best SLA", "最佳 SLA"),
    "tr_trend": ("Trend vs engine", "相对引擎趋势"),
    "tr_ready": ("Ready", "达标"),
    "tr_yes": ("yes", "是"),
    "tr_no": ("no", "否"),
    "tr_rule": (
        "Readiness rule: {nights} nights with SLA within {pts} points of the engine{scenario}.",
        "达标规则：{nights} 晚 SLA 与引擎相差不超过 {pts} 个百分点{scenario}。",
    ),
    "tr_rule_scenario": (", one of them {name}", "，其中至少一晚为 {name}"),
    "tr_night_list": ("Every night this month", "本月全部培训"),
    "tr_when": ("Ended", "结束时间"),
    "tr_trainee": ("Trainee", "学员"),
    "tr_trainer": ("Trainer", "培训师"),
    "tr_scenario": ("Scenario", "场景"),
    "tr_speed": ("Speed", "倍速"),
    "tr_wall": ("Wall / simulated", "实际 / 模拟"),
    "tr_engine": ("Engine", "引擎"),
    "tr_resp": ("Mean / p90 (engine)", "平均 / P90（引擎）"),
    "tr_sla": ("SLA (engine)", "SLA（引擎）"),
    "tr_km": ("km (engine)", "公里（引擎）"),
    "tr_inject": ("Injections", "注入事件"),
    "tr_status_abandoned": ("abandoned", "中途放弃"),
    "tr_empty": ("No training nights were recorded this month.", "本月没有培训记录。"),
    "tr_def": (
        "A night's score is the trainee's SLA met next to the engine's on the same calls; "
        "the trend is the last night's gap to the engine minus the first of the last five. "
        "Nights closed within three minutes are abandoned and not scored.",
        "每晚成绩为学员的 SLA 达成率，并与引擎在相同来电上的结果对比；"
        "趋势为最近一晚与引擎的差距减去最近五晚中第一晚的差距。三分钟内关闭的培训记为中途放弃，不计分。",
    ),
    "more": ("and {k} more", "另有 {k} 条"),
    "low_ratings": ("Lowest ratings (3 or less)", "最低评分（3 分及以下）"),
    "col_call": ("Call", "工单"),
    "col_received": ("Received", "来电时间"),
    "col_category": ("Category", "类别"),
    "col_priority": ("Priority", "优先级"),
    "col_customer": ("Customer / address", "客户 / 地址"),
    "col_tech": ("Technician", "技师"),
    "col_rating": ("Rating", "评分"),
    "col_feedback": ("Feedback", "反馈"),
    "col_age": ("Age", "已等待"),
    "col_status": ("Status", "状态"),
    "col_time": ("Time", "时间"),
    "col_what": ("What", "事件"),
    "col_reason": ("Details", "详情"),
    "h_window": ("Overnight window: {start} to {end} ({tz})", "夜班时段：{start} 至 {end}（{tz}）"),
    "h_counts": ("Overnight in numbers", "夜班数据"),
    "h_received": ("Received", "来电"),
    "h_completed": ("Completed", "完成"),
    "h_cancelled": ("Cancelled", "取消"),
    "h_failed": ("Failed", "失败"),
    "h_breaches": ("SLA breaches", "SLA 违约"),
    "h_open_now": ("Still open", "仍未结"),  # at 08:00, or now during the night
    "h_incidents": ("Incidents", "异常事件"),
    "h_open": ("Still open at {at}", "截至 {at} 仍未结"),
    "h_none_incidents": (
        "No breaches, failures or cancellations overnight.",
        "夜班期间没有违约、失败或取消。",
    ),
    "h_none_open": ("No open calls.", "没有未结工单。"),
    "ev_breach": ("SLA breach", "SLA 违约"),
    "ev_failed": ("Failed", "失败"),
    "ev_cancelled": ("Cancelled", "取消"),
    "unassigned": ("unassigned", "未派单"),
    "late_by": ("{m} late", "超时 {m}"),
}

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

_NAMES_ZH = {
    "planner": "规划器",  # the engines a training night is scored against
    "recommend": "推荐引擎",
    "burst_pipe": "爆管",
    "blocked_drain": "下水道堵塞",
    "leak": "漏水",
    "lockout": "开锁",
    "broken_lock": "门锁损坏",
    "power_outage": "停电",
    "electrical_fault": "电路故障",
    "no_heating": "无暖气",
    "boiler_failure": "锅炉故障",
    "appliance_repair": "家电维修",
    "broken_window": "窗户破损",
    "pests": "虫害",
    "phone": "电话",
    "app": "应用",
    "mini_program": "小程序",
    "web": "网页",
    "partner_api": "合作方接口",
    "emergency": "紧急",
    "urgent": "加急",
    "normal": "普通",
    "new": "新建",
    "assigned": "已派单",
    "accepted": "已接单",
    "en_route": "在途",
    "on_site": "到场",
    "commission": "按单佣金",
    "subscription": "包月订阅",
    "tiered": "阶梯月费",
    "night_package": "夜间套餐",
    "dispatcher": "调度员",
    "supervisor": "主管",
    "trainer": "培训师",
    "admin": "管理员",
    "training": "培训",
    "night_premium": "夜班加成",
    "quiet_weeknight": "平静的工作日夜晚",
    "holiday_peak": "节假日高峰",
    "winter_freeze": "寒潮之夜",
    "hub_outage_drill": "中心断线演练",
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ReportError(f"language {lang!r} is not one of: {', '.join(LANGS)}")
    return lang


class Text:
    """Translations for one language: ``t("k_calls")``, ``t.name("burst_pipe")``."""

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self._i = LANGS.index(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = _T[key][self._i]
        return text.format(**values) if values else text

    def name(self, code: str) -> str:
        """A category, channel, priority or status code as words."""
        if self.lang == "zh":
            return _NAMES_ZH.get(code, code)
        return code.replace("_", " ")

    def weekdays(self) -> tuple[str, ...]:
        return WEEKDAYS[self.lang]
