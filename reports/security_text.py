"""The security report's wording in English and Chinese (its own table beside
:mod:`reports.i18n`, whose shared words — page numbers, "None." — it falls back to)."""

from __future__ import annotations

from reports.i18n import LANGS, Text

_S: dict[str, tuple[str, str]] = {
    "security_title": ("Monthly security audit report", "月度安全审计报告"),
    "month": ("Month", "月份"),
    "count": ("Count", "数量"),
    "n_sign_ins": ("Sign-ins", "登录"),
    "n_failures": ("Failed sign-ins", "登录失败"),
    "s_people": ("Sign-ins and failures by person", "按人员统计的登录与失败"),
    "s_hours": ("Sign-ins and failures by hour (local time)", "按小时统计的登录与失败（当地时间）"),
    "s_hubs": ("Hub starts: TLS and certificate expiry", "中心服务启动：TLS 与证书到期"),
    "s_lockouts": ("Lockouts", "账户锁定"),
    "s_accounts": ("New and removed accounts, role changes", "新增与停用账户、角色变更"),
    "s_revocations": ("Session revocations", "会话吊销"),
    "s_overrides": ("Overrides of dispatch refusals", "派单拒绝的强制覆盖"),
    "s_exports": ("Exports and prints of personal data", "个人数据的导出与打印"),
    "s_denied": ("Refused requests for personal data", "被拒绝的个人数据请求"),
    "s_retention": ("Retention runs", "数据保留清理"),
    "s_policy": ("Retention, privacy and dispatch policy changes", "保留、隐私与派单策略变更"),
    "s_keys": ("API keys", "API 密钥"),
    "s_hooks": ("Webhook endpoints", "Webhook 端点"),
    "col_person": ("Person", "人员"),
    "col_sign_ins": ("Sign-ins", "登录"),
    "col_failures": ("Failures", "失败"),
    "col_hour": ("Hour", "小时"),
    "col_actor": ("By", "操作人"),
    "col_action": ("Action", "操作"),
    "col_detail": ("Details", "详情"),
    "col_hub": ("Hub and address", "服务与地址"),
    "col_tls": ("TLS", "TLS"),
    "col_cert": ("Certificate", "证书"),
    "col_name": ("Name", "名称"),
    "col_scopes": ("Scopes", "权限范围"),
    "col_created": ("Created", "创建时间"),
    "col_revoked": ("Revoked", "吊销时间"),
    "col_url": ("URL", "地址"),
    "col_events": ("Events", "事件"),
    "col_active": ("Active", "启用"),
    "col_failures_h": ("Failures", "失败次数"),
    "tls_on": ("on", "已启用"),
    "tls_off": ("off (loopback)", "未启用（本机）"),
    "tls_insecure": ("OFF (--insecure)", "未启用（--insecure）"),
    "cert_left": ("expires {date} ({days} days)", "{date} 到期（剩 {days} 天）"),
    "cert_warn": ("— renew now", "— 请立即更新"),
    "reason": ("reason", "原因"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
}
assert all(len(v) == len(LANGS) for v in _S.values())


class SecurityText(Text):
    """``t(key)`` from the security table first, then the shared report wording."""

    def __call__(self, key: str, **values: object) -> str:
        if key in _S:
            text = _S[key][LANGS.index(self.lang)]
            return text.format(**values) if values else text
        return super().__call__(key, **values)
