<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminDialog</name>
    <message>
        <location filename="../../ui/admin/dialog.py" line="71" />
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="78" />
        <location filename="../../ui/admin/dialog.py" line="86" />
        <location filename="../../ui/admin/dialog.py" line="94" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="79" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="80" />
        <location filename="../../ui/admin/dialog.py" line="87" />
        <location filename="../../ui/admin/dialog.py" line="138" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="81" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="82" />
        <location filename="../../ui/admin/dialog.py" line="99" />
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="85" />
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="88" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="89" />
        <source>Signed in</source>
        <translation>登录时间</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="90" />
        <source>Last seen</source>
        <translation>最后活动</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="91" />
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="95" />
        <source>Failed sign-ins</source>
        <translation>登录失败次数</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="96" />
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="98" />
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="100" />
        <source>Lockouts</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="103" />
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="114" />
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="115" />
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="115" />
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="130" />
        <source>at least 10 characters, not the user name</source>
        <translation>至少 10 个字符，且不含用户名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="131" />
        <source>Create user</source>
        <translation>创建用户</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="132" />
        <source>Set role of selected</source>
        <translation>修改所选用户的角色</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="133" />
        <source>Reset password of selected</source>
        <translation>重置所选用户的密码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="134" />
        <source>Deactivate selected</source>
        <translation>停用所选用户</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="136" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="137" />
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="139" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="158" />
        <source>why (kept in the audit trail)</source>
        <translation>原因（记入审计日志）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="159" />
        <source>Revoke selected</source>
        <translation>吊销所选</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="160" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="161" />
        <source>Show ended sessions</source>
        <translation>显示已结束的会话</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="178" />
        <source>Unlock selected</source>
        <translation>解锁所选</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="225" />
        <source>User {name} created</source>
        <translation>已创建用户 {name}</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="231" />
        <source>Role changed; their sessions were ended</source>
        <translation>角色已修改；该用户的会话已结束</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="238" />
        <source>Password reset</source>
        <translation>密码已重置</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="243" />
        <source>User deactivated; their sessions were ended</source>
        <translation>用户已停用；其会话已结束</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="249" />
        <source>Session revoked</source>
        <translation>会话已吊销</translation>
    </message>
    <message>
        <location filename="../../ui/admin/dialog.py" line="253" />
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
</context>
<context>
    <name>ApiKeysDialog</name>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="55" />
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="68" />
        <source>integration name, e.g. insurer-x</source>
        <translation>对接方名称，如 insurer-x</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="75" />
        <source>the new key appears here once</source>
        <translation>新密钥只在这里显示一次</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="77" />
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="78" />
        <source>Revoke selected</source>
        <translation>吊销所选</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="79" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="91" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="95" />
        <source>Scopes</source>
        <translation>权限范围</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="96" />
        <source>Requests per second</source>
        <translation>每秒请求数</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="100" />
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="142" />
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="142" />
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="162" />
        <source>Key created: copy it now, it is not shown again.</source>
        <translation>密钥已创建：请立即复制，之后不再显示。</translation>
    </message>
    <message>
        <location filename="../../ui/api_keys_dialog.py" line="180" />
        <source>{n} key(s) revoked</source>
        <translation>已吊销 {n} 个密钥</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="107" />
        <source>This database has no users yet: add one with `dispatch-console user add NAME --role dispatcher --db URL`.</source>
        <translation>此数据库尚无用户：请用 `dispatch-console user add NAME --role dispatcher --db URL` 添加。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="116" />
        <source>First start: users {names} were created; each password is the user name.</source>
        <translation>首次启动：已创建用户 {names}，密码与用户名相同。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="170" />
        <source>Training night: sign in as yourself; the night is recorded under your name.</source>
        <translation>培训之夜：请用自己的账号登录；本次培训将记录在您的名下。</translation>
    </message>
    <message>
        <location filename="../../ui/demo_start.py" line="88" />
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../ui/demo_start.py" line="103" />
        <source>Trainer</source>
        <translation>培训师</translation>
    </message>
    <message>
        <location filename="../../ui/demo_start.py" line="121" />
        <source>This night is not recorded: no live hub</source>
        <translation>本夜班不会被记录：未连接正式调度中心</translation>
    </message>
    <message>
        <location filename="../../ui/demo_start.py" line="126" />
        <source>Training records are kept on the center's hub: start the demo with --hub ws://… to record this night under your name.</source>
        <translation>培训记录保存在中心的调度服务上：请用 --hub ws://… 启动演示，本夜班才会记在你的名下。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="340" />
        <source>Night Dispatch Console</source>
        <translation>夜班调度台</translation>
    </message>
</context>
<context>
    <name>ArrivalNotice</name>
    <message>
        <location filename="../../ui/panels/arrival_notice.py" line="30" />
        <source>New calls</source>
        <translation>新来电</translation>
    </message>
    <message>
        <location filename="../../ui/panels/arrival_notice.py" line="40" />
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../ui/panels/arrival_notice.py" line="43" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/arrival_notice.py" line="111" />
        <source>%n new urgent call(s) not yet seen — oldest: %1</source>
        <translation>
            <numerusform>%n 个新的紧急来电尚未查看 — 最早：%1</numerusform></translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <location filename="../../ui/audit/viewer.py" line="42" />
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="49" />
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="50" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="51" />
        <source>Call</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="52" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="53" />
        <source>Until</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="57" />
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="58" />
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="59" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="97" />
        <source>Cannot search: {reason}</source>
        <translation>无法查询：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="110" />
        <source>{n} rows</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <location filename="../../ui/audit/viewer.py" line="114" />
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
</context>
<context>
    <name>CallForm</name>
    <message>
        <location filename="../../ui/panels/call_form.py" line="82" />
        <source>+86 138 0000 0000</source>
        <extracomment>Server field names -&gt; the form's error slot. Sent with the call; a new one only after a save: a resend returns the first call.</extracomment>
        <translation>+86 138 0000 0000</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="93" />
        <source>latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="96" />
        <source>longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="98" />
        <source>Pick on map</source>
        <translation>在地图上选点</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="115" />
        <source>Save call (Enter)</source>
        <translation>保存工单（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="128" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="129" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="130" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="131" />
        <source>Earlier address</source>
        <translation>历史地址</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="132" />
        <source>District</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="133" />
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="134" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="135" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="136" />
        <source>Crew size</source>
        <translation>所需人数</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="137" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="180" />
        <source>Enter the caller's phone number</source>
        <translation>请输入来电号码</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="182" />
        <source>Not a phone number (digits, spaces, + ( ) - only)</source>
        <translation>不是电话号码（只能包含数字、空格、+ ( ) -）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="184" />
        <source>Enter the caller's name</source>
        <translation>请输入来电人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="186" />
        <source>Enter the address</source>
        <translation>请输入地址</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="220" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="266" />
        <source>Looking up…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="270" />
        <source>Look-up failed: %1</source>
        <translation>查询失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="279" />
        <source>New caller</source>
        <translation>新来电人</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/call_form.py" line="293" />
        <source>%n previous call(s)</source>
        <translation>
            <numerusform>%n 次历史来电</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="353" />
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="364" />
        <source>Call #%1 saved</source>
        <translation>工单 #%1 已保存</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="406" />
        <source>Enter latitude and longitude, or pick the spot on the map</source>
        <extracomment>Location messages, marked for lupdate (context "CallForm") and translated when shown.</extracomment>
        <translation>请输入纬度和经度，或在地图上选点</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="409" />
        <source>Coordinates must be numbers, e.g. 31.2304 and 121.4737</source>
        <translation>坐标必须是数字，例如 31.2304 和 121.4737</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="411" />
        <source>Latitude must be between -90 and 90</source>
        <translation>纬度必须在 -90 到 90 之间</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_form.py" line="412" />
        <source>Longitude must be between -180 and 180</source>
        <translation>经度必须在 -180 到 180 之间</translation>
    </message>
</context>
<context>
    <name>CallQueueModel</name>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="90" />
        <source>ID</source>
        <extracomment>Before the assignee of a pinned call (console.services.pins): plans leave it where it is.</extracomment>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="91" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="92" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="93" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="94" />
        <source>District</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="95" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="96" />
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="97" />
        <source>SLA</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="98" />
        <source>Crew</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="99" />
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="100" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="182" />
        <source>{names}: pinned, plans keep the call with them</source>
        <extracomment>offline (console.outbox): new calls not yet sent (negative ids) and assignments made offline, shown as tentative until the hub has them</extracomment>
        <translation>{names}：已固定，规划保持由其负责</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="197" />
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="198" />
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="199" />
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/call_queue_model.py" line="210" />
        <source>late by %n min</source>
        <translation>
            <numerusform>迟到 %n 分钟</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="210" />
        <source>kept</source>
        <translation>已守约</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="213" />
        <source>Not yet sent</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="214" />
        <source>To dispatch</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="225" />
        <source>{name} (tentative)</source>
        <translation>{name}（暂定）</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="265" />
        <source>On time</source>
        <translation>准时</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="266" />
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="267" />
        <source>Almost late</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="268" />
        <source>Promise broken</source>
        <translation>已超时</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/call_queue_model.py" line="282" />
        <source>Arrived %n min late: promise broken</source>
        <translation>
            <numerusform>迟到 %n 分钟到达：未守约</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/models/call_queue_model.py" line="283" />
        <source>Arrived in time: promise kept</source>
        <translation>按时到达：已守约</translation>
    </message>
</context>
<context>
    <name>CallQueuePanel</name>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="85" />
        <source>Call queue</source>
        <translation>来电队列</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="100" />
        <source>Search address, name, phone, #id…</source>
        <translation>搜索地址、姓名、电话、#编号…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="105" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="112" />
        <source>All priorities</source>
        <translation>全部优先级</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="114" />
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="115" />
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="116" />
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/panels/call_queue.py" line="124" />
        <source>All districts</source>
        <translation>全部区域</translation>
    </message>
</context>
<context>
    <name>CheatSheet</name>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="256" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="261" />
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="261" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="261" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="45" />
        <source>Done offline at</source>
        <translation>离线操作时间</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="46" />
        <source>What you did</source>
        <translation>你的操作</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="47" />
        <source>What the hub said</source>
        <translation>调度中心的答复</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="48" />
        <source>The call now</source>
        <translation>工单现状</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="91" />
        <source>{status}, with {names}</source>
        <translation>{status}，由 {names} 负责</translation>
    </message>
</context>
<context>
    <name>DecisionsPanel</name>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="36" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="37" />
        <source>Call</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="38" />
        <source>Assigned to</source>
        <translation>派给</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="39" />
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="40" />
        <source>Engine proposed</source>
        <translation>引擎建议</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="41" />
        <source>Planner proposed</source>
        <translation>规划器建议</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="42" />
        <source>Promised</source>
        <translation>承诺到达</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="43" />
        <source>Arrived</source>
        <translation>实际到达</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="116" />
        <source>planning…</source>
        <extracomment>row -&gt; the planner's answer, an error text, or None while it is being worked out</extracomment>
        <translation>规划中…</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="118" />
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="120" />
        <source>leave waiting: {0}</source>
        <translation>暂不派单：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="126" />
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="128" />
        <source>{0:.0f} min late</source>
        <translation>迟到 {0:.0f} 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="135" />
        <source>The planner at that moment, with every other call kept as it was (solved in {0:.0f} ms)</source>
        <translation>当时的规划器建议，其他工单保持原状（求解用时 {0:.0f} 毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="140" />
        <source>Select the row to ask what the planner would have proposed</source>
        <translation>选中此行以查看规划器当时的建议</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="153" />
        <source>{name} (reassigned)</source>
        <translation>{name}（改派）</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="162" />
        <source>same</source>
        <translation>一致</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="165" />
        <source>#{n} of theirs</source>
        <translation>引擎第 {n} 名</translation>
    </message>
    <message>
        <location filename="../../ui/replay/decisions_panel.py" line="169" />
        <source>other</source>
        <translation>其他人</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <location filename="../../ui/panels/demo_banner.py" line="38" />
        <source>DEMO — simulated night, not live data</source>
        <translation>演示 — 模拟夜班，非真实数据</translation>
    </message>
    <message>
        <location filename="../../ui/panels/demo_banner.py" line="53" />
        <source>Training mode: calls, customers and technicians are simulated. Nothing you do here reaches the live database.</source>
        <translation>培训模式：来电、客户和技师均为模拟，这里的操作不会写入真实数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/panels/demo_banner.py" line="73" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>DispatchActions</name>
    <message>
        <location filename="../../ui/dispatch_words.py" line="18" />
        <source>Someone else changed this call first</source>
        <translation>其他人已先修改了该工单</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_words.py" line="21" />
        <source>{name} got it first (by {who})</source>
        <translation>{name} 已先被指派（由 {who}）</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_words.py" line="24" />
        <source>{name} got it first</source>
        <translation>{name} 已先被指派</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_words.py" line="30" />
        <source>Call #{call} is already {status}: it cannot be {step} now</source>
        <translation>工单 #{call} 已是“{status}”状态，现在不能再“{step}”</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="103" />
        <source>Assign call {call}</source>
        <extracomment>Said instead of the role's refusal when set (a replay: "this is a replay") (call after the assignment, technician id) -&gt; a note for the dispatcher, e.g. "late by 25 min; Wang Wei could be there in time" (the window sets it)</extracomment>
        <translation>指派工单 {call}</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="141" />
        <source>Reassign call {call}</source>
        <translation>改派工单 {call}</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="164" />
        <source>Crew for call {call}</source>
        <translation>工单 {call} 的班组</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="198" />
        <source>Unassign call {call}</source>
        <translation>撤销指派工单 {call}</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="219" />
        <source>Cancel call {call}</source>
        <translation>取消工单 {call}</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="237" />
        <source>New call for {name}</source>
        <translation>{name} 的新工单</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="251" />
        <source>Note on call {call}</source>
        <translation>为工单 {call} 添加备注</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="322" />
        <source>Undo: {what}</source>
        <translation>撤销：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="417" />
        <source>Your role can view dispatch but not change it</source>
        <translation>您的角色只能查看调度，不能修改</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="424" />
        <source>Call {call} to {name}</source>
        <translation>工单 {call} 指派给 {name}</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="519" />
        <source>the hub is unreachable</source>
        <translation>无法连接调度中心</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="523" />
        <source>Hub unreachable: {what} was not sent</source>
        <translation>调度中心不可达：{what} 未发送</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="548" />
        <source>Hub unreachable: {what} queued ({n} waiting)</source>
        <translation>调度中心不可达：{what} 已排队（共 {n} 条）</translation>
    </message>
    <message>
        <location filename="../../ui/dispatch_actions.py" line="569" />
        <source>Not allowed: {reason}</source>
        <translation>不允许：{reason}</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <location filename="../../ui/shell/docks.py" line="46" />
        <source>Call queue</source>
        <translation>来电队列</translation>
    </message>
    <message>
        <location filename="../../ui/shell/docks.py" line="52" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../ui/shell/docks.py" line="58" />
        <source>Technicians</source>
        <translation>技师</translation>
    </message>
    <message>
        <location filename="../../ui/shell/docks.py" line="64" />
        <source>Recommendations</source>
        <translation>推荐技师</translation>
    </message>
    <message>
        <location filename="../../ui/shell/docks.py" line="70" />
        <source>Job detail</source>
        <translation>工单详情</translation>
    </message>
    <message>
        <location filename="../../ui/shell/docks.py" line="76" />
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../ui/shell/docks.py" line="82" />
        <source>Plan</source>
        <translation>派单计划</translation>
    </message>
</context>
<context>
    <name>Durations</name>
    <message>
        <location filename="../../ui/models/labels.py" line="140" />
        <source>%1h %2m</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="144" />
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
</context>
<context>
    <name>JobDetailPanel</name>
    <message>
        <location filename="../../ui/panels/job_detail.py" line="95" />
        <source>Add a note and press Enter</source>
        <translation>输入备注后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/panels/job_detail.py" line="97" />
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location filename="../../ui/panels/job_detail.py" line="165" />
        <source>Type the note first</source>
        <translation>请先输入备注</translation>
    </message>
    <message>
        <location filename="../../ui/panels/job_detail.py" line="185" />
        <source>No call selected</source>
        <translation>未选择工单</translation>
    </message>
    <message>
        <location filename="../../ui/panels/job_detail.py" line="264" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/panels/job_detail.py" line="271" />
        <source>Calls before {when} are not part of this replay</source>
        <translation>{when} 之前的来电不在本次回放中</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../ui/models/labels.py" line="15" />
        <source>Burst pipe</source>
        <translation>水管爆裂</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="16" />
        <source>Blocked drain</source>
        <translation>下水道堵塞</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="17" />
        <source>Leak</source>
        <translation>漏水</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="18" />
        <source>Lockout</source>
        <translation>被锁门外</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="19" />
        <source>Broken lock</source>
        <translation>门锁损坏</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="20" />
        <source>Power outage</source>
        <translation>停电</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="21" />
        <source>Electrical fault</source>
        <translation>电路故障</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="22" />
        <source>No heating</source>
        <translation>暖气不热</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="23" />
        <source>Boiler failure</source>
        <translation>锅炉故障</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="24" />
        <source>Appliance repair</source>
        <translation>家电维修</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="25" />
        <source>Broken window</source>
        <translation>窗户破损</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="26" />
        <source>Pests</source>
        <translation>虫害</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="28" />
        <source>Plumbing</source>
        <translation>水暖</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="29" />
        <source>Locksmith</source>
        <translation>开锁</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="30" />
        <source>Electrical</source>
        <translation>电工</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="31" />
        <source>Appliance</source>
        <translation>家电</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="32" />
        <source>Heating</source>
        <translation>供暖</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="33" />
        <source>Glazing</source>
        <translation>玻璃</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="34" />
        <source>Pest control</source>
        <translation>除虫</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="36" />
        <source>Created</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="37" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="38" />
        <source>Assigned</source>
        <translation>已指派</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="39" />
        <source>Accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="40" />
        <source>En route</source>
        <translation>在途</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="41" />
        <source>On site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="42" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="43" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="44" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="45" />
        <source>Off duty</source>
        <translation>下班</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="46" />
        <source>Available</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="47" />
        <source>On break</source>
        <translation>休息中</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="49" />
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="50" />
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="51" />
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="53" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="54" />
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="55" />
        <source>Mini program</source>
        <translation>小程序</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="56" />
        <source>Web form</source>
        <translation>网页表单</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="57" />
        <source>Partner API</source>
        <translation>合作方 API</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="59" />
        <source>Reassigned</source>
        <translation>已改派</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="60" />
        <source>Unassigned</source>
        <translation>已撤销指派</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="62" />
        <source>the system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="63" />
        <source>a user</source>
        <translation>某用户</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="64" />
        <source>the technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="65" />
        <source>an intake channel</source>
        <translation>接入渠道</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="66" />
        <source>auto-dispatch</source>
        <translation>自动派单</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="68" />
        <source>Quiet weeknight</source>
        <translation>平静的工作日夜晚</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="69" />
        <source>Holiday peak</source>
        <translation>节假日高峰</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="70" />
        <source>Hub outage drill</source>
        <translation>调度中心断线演练</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="71" />
        <source>Winter freeze</source>
        <translation>冬季冰冻</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="75" />
        <source>emergency call</source>
        <translation>紧急来电</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="76" />
        <source>van breakdown</source>
        <translation>车辆故障</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="77" />
        <source>customer cancels</source>
        <translation>客户取消</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="78" />
        <source>hub outage</source>
        <translation>调度中心断线</translation>
    </message>
</context>
<context>
    <name>Lateness</name>
    <message>
        <location filename="../../ui/models/lateness.py" line="79" />
        <source>%1; nobody can be there in time</source>
        <translation>%1；没有人能按时到达</translation>
    </message>
    <message>
        <location filename="../../ui/models/lateness.py" line="83" />
        <source>%1; %2 could be there in time (ETA %3 min)</source>
        <translation>%1；%2 可以按时到达（预计 %3 分钟）</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="42" />
        <source>Night Dispatch Console — sign in</source>
        <translation>夜班调度台 — 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="44" />
        <source>Night Dispatch Console</source>
        <translation>夜班调度台</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="46" />
        <source>Hub: {url}</source>
        <translation>调度中心：{url}</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="57" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="58" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="61" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="64" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="87" />
        <source>Enter a user name and a password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="98" />
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="162" />
        <source>Cannot reach the hub: {reason}</source>
        <translation>无法连接调度中心：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="180" />
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="184" />
        <source>Too many failed sign-ins from this computer's address. Try again in {n} min.</source>
        <translation>此电脑所在地址登录失败次数过多。请 {n} 分钟后再试。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="59" />
        <source>&amp;File</source>
        <extracomment>What each role may do; the window shows only what the role may use. Actions that need a capability; the rest are open to every role.</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="63" />
        <source>&amp;Dispatch</source>
        <translation>调度(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="67" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="83" />
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="86" />
        <source>&amp;Training</source>
        <translation>培训(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="87" />
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="88" />
        <source>&amp;Window</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="89" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="105" />
        <source>Night Dispatch Console — {name} ({role})</source>
        <translation>夜班调度台 — {name}（{role}）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="252" />
        <source>Review a night needs the center's database: start the console with --db URL (this one only knows the hub).</source>
        <translation>回看夜班需要中心的数据库：请用 --db URL 启动控制台（此控制台只连接了调度中心）。</translation>
    </message>
    <message>
        <location filename="../../ui/panels/new_call_dialog.py" line="28" />
        <source>New call</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="100" />
        <source>There is no map in this window</source>
        <extracomment>Audit notes on their way to the hub (record_export), kept until done.</extracomment>
        <translation>此窗口没有地图</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="108" />
        <source>Left-click the call's location on the map (Ctrl+N: back to the form)</source>
        <translation>在地图上左键点击来电位置（Ctrl+N：返回表单）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="141" />
        <source>Select a call first</source>
        <translation>请先选择一个工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="154" />
        <source>No technician can take this call now</source>
        <translation>目前没有技师可以接这个工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="169" />
        <source>Call #{call} already has {names} ({status}). To send someone else, drag the call onto them.</source>
        <translation>工单 #{call} 已由 {names} 负责（{status}）。如需改派，请把工单拖到另一位技师上。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="181" />
        <source>Nothing to undo (assignments can be undone for 10 s)</source>
        <translation>没有可撤销的操作（指派后 10 秒内可撤销）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="235" />
        <source>Reports read the database, and this console only knows the hub: start it with --db URL to print reports.</source>
        <translation>报表需要读取数据库，而此控制台只连接了调度中心：请用 --db URL 启动以打印报表。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="241" />
        <source>Weekly reports are for supervisors and admins; you are signed in as {role}.</source>
        <translation>周报仅供主管和管理员使用；你当前的身份是{role}。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="246" />
        <source>The audit trail and the security report are for supervisors and admins; you are signed in as {role}.</source>
        <translation>审计记录和安全审计报告仅供主管和管理员使用；你当前的身份是{role}。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="252" />
        <source>The trainer panel belongs to demo mode (dispatch-console --demo).</source>
        <translation>培训面板只在演示模式下可用（dispatch-console --demo）。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="257" />
        <source>The trainer panel is for trainers; you are signed in as {role}.</source>
        <translation>培训面板仅供培训师使用；你当前的身份是{role}。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_commands.py" line="261" />
        <source>Your role ({role}) can view dispatch but not change it.</source>
        <translation>你的角色（{role}）可以查看调度，但不能修改。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_wiring.py" line="181" />
        <source>Undoing: {what}…</source>
        <translation>正在撤销：{what}…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_wiring.py" line="188" />
        <source>Undone: {what}</source>
        <translation>已撤销：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/window_wiring.py" line="194" />
        <source>NOT undone: {what} — {reason}</source>
        <translation>未能撤销：{what} — {reason}</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="48" />
        <source>Review conflicts…</source>
        <translation>处理冲突…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="64" />
        <source>Offline since {since} — {actions}</source>
        <translation>自 {since} 起离线 — {actions}</translation>
    </message>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="69" />
        <source>Sending {actions}…</source>
        <translation>正在发送{actions}…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="71" />
        <source>1 action could not be applied as made</source>
        <translation>1 项操作未能按原样执行</translation>
    </message>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="74" />
        <source>{n} actions could not be applied as made</source>
        <translation>{n} 项操作未能按原样执行</translation>
    </message>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="82" />
        <source>1 action waiting</source>
        <translation>1 项操作待发送</translation>
    </message>
    <message>
        <location filename="../../ui/panels/offline_banner.py" line="83" />
        <source>{n} actions waiting</source>
        <translation>{n} 项操作待发送</translation>
    </message>
</context>
<context>
    <name>PlanDiffModel</name>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="30" />
        <source>Assign</source>
        <extracomment>Not a change: a call a dispatcher pinned, listed so it can be unpinned here.</extracomment>
        <translation>指派</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="31" />
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="32" />
        <source>Stays waiting</source>
        <translation>继续等待</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="33" />
        <source>Pinned</source>
        <translation>已固定</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="36" />
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="37" />
        <source>Call</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="38" />
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="39" />
        <source>Plan</source>
        <translation>派单计划</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="40" />
        <source>On site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="41" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan_diff.py" line="76" />
        <source>Pinned: every plan keeps it (Ctrl+Shift+P unpins)</source>
        <translation>已固定：每次规划都保持不变（Ctrl+Shift+P 解除）</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="134" />
        <source>No plan yet: Ctrl+P plans the night</source>
        <extracomment>Pin or unpin the selected call (the Plan panel's own key: Ctrl+P plans, P alone would be the table's keyboard search). An assignment sent by accepting the plan is not pinned when its echo comes this soon.</extracomment>
        <translation>尚无计划：按 Ctrl+P 规划今晚</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="147" />
        <source>Plan (Ctrl+P)</source>
        <translation>规划 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="148" />
        <source>Plan anyway</source>
        <translation>仍然规划</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="150" />
        <source>Accept all</source>
        <translation>全部采纳</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="151" />
        <source>Accept selected (Enter)</source>
        <translation>采纳所选（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="152" />
        <source>Reject</source>
        <translation>不采纳</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="180" />
        <source>Pin / unpin the call</source>
        <translation>固定 / 取消固定工单</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="201" />
        <source>Unpin: plans may move it again</source>
        <translation>取消固定：规划可再次调整</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="202" />
        <source>Pin to its technician: plans keep it</source>
        <translation>固定到当前师傅：规划保持不变</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="206" />
        <source>Accept selected</source>
        <translation>采纳所选</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="299" />
        <source>The planner failed: {0}</source>
        <translation>规划失败：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="320" />
        <source>The planner hit its time limit: this is the best plan found</source>
        <translation>规划达到时间上限：这是已找到的最佳计划</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="324" />
        <source>Not proposed, a manual policy is in force for {what} ({n} calls): Plan anyway shows them</source>
        <translation>未给出建议：{what} 当前为人工派单策略（{n} 个工单）；点“仍然规划”可查看</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="328" />
        <source>Planned anyway under the manual policy (Reject stops)</source>
        <translation>人工派单策略下仍然规划（点“不采纳”停止）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="345" />
        <source> until {0}</source>
        <translation>（至 {0}）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="348" />
        <source>Planning is off{0}: the manual policy (recommendations only)</source>
        <translation>规划已关闭{0}：人工派单策略（仅推荐）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="350" />
        <source>Plan anyway proposes a plan for this window all the same</source>
        <translation>点“仍然规划”可在此时段照样给出计划</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="382" />
        <source>Call #{0} has nobody on it to pin to</source>
        <translation>工单 #{0} 尚未派人，无法固定</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="385" />
        <source>Pins are kept by the hub; this console has none</source>
        <translation>固定由中心服务保存；本控制台未连接中心服务</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="399" />
        <source>Could not pin call #{0}: {1}</source>
        <translation>无法固定工单 #{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="400" />
        <source>Could not unpin call #{0}: {1}</source>
        <translation>无法解除工单 #{0} 的固定：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/panels/plan_panel.py" line="478" />
        <source>Plan rejected; Ctrl+P plans again</source>
        <translation>计划未采纳；按 Ctrl+P 重新规划</translation>
    </message>
</context>
<context>
    <name>RecommendationModel</name>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="62" />
        <source>Technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="63" />
        <source>ETA</source>
        <translation>预计到达</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="64" />
        <source>Promise</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="65" />
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="66" />
        <source>Jobs ahead</source>
        <translation>待办工单</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="67" />
        <source>Shift left</source>
        <translation>剩余班时</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="68" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/recommendations.py" line="100" />
        <source>late by %n min</source>
        <translation>
            <numerusform>迟到 %n 分钟</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="100" />
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/recommendations.py" line="106" />
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="108" />
        <source>match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="108" />
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="133" />
        <source>lacks %1</source>
        <translation>缺少 %1</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="135" />
        <source>; </source>
        <comment>between two reasons</comment>
        <translation>；</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/recommendations.py" line="140" />
        <source>ETA %n min</source>
        <translation>
            <numerusform>预计 %n 分钟到达</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="142" />
        <source>skills match</source>
        <translation>技能匹配</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/recommendations.py" line="144" />
        <source>%n job(s) ahead</source>
        <translation>
            <numerusform>前面还有 %n 单</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="146" />
        <source>free now</source>
        <translation>当前空闲</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="148" />
        <source>on break</source>
        <translation>休息中</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/recommendations.py" line="150" />
        <source>shift ends in %n min</source>
        <translation>
            <numerusform>%n 分钟后下班</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="152" />
        <source>%1 h left in shift</source>
        <translation>班次还剩 %1 小时</translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="193" />
        <location filename="../../ui/panels/recommendations.py" line="239" />
        <source>Select a call to see who should go</source>
        <translation>选择工单以查看推荐技师</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="213" />
        <source>Recommended technicians</source>
        <translation>推荐技师</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="245" />
        <source>Best technicians for call #%1 — Enter assigns</source>
        <translation>工单 #%1 的推荐技师 — 回车指派</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/recommendations.py" line="268" />
        <source>late by %n min</source>
        <translation>
            <numerusform>迟到 %n 分钟</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="270" />
        <source>⚠ Nobody here can be there in time: the first is %1</source>
        <translation>⚠ 没有人能按时到达：首选技师%1</translation>
    </message>
    <message>
        <location filename="../../ui/panels/recommendations.py" line="274" />
        <source>⚠ The first is %1; %2 would be in time</source>
        <translation>⚠ 首选技师%1；%2 可以按时到达</translation>
    </message>
</context>
<context>
    <name>ReconcileView</name>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="102" />
        <source>Reconcile offline actions</source>
        <translation>核对离线操作</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="119" />
        <source>These actions were made while the hub was unreachable and could not be applied as made. Keep the hub's version, or apply yours on top of it.</source>
        <translation>以下操作是在无法连接调度中心时做的，未能按原样执行。可保留调度中心的结果，或在其基础上重新执行你的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="125" />
        <source>Keep theirs</source>
        <translation>保留对方的</translation>
    </message>
    <message>
        <location filename="../../ui/panels/reconcile_view.py" line="126" />
        <source>Apply mine</source>
        <translation>执行我的</translation>
    </message>
</context>
<context>
    <name>Replay</name>
    <message>
        <location filename="../../ui/replay/window.py" line="97" />
        <source>This is a replay of a past night: nothing can be dispatched from it.</source>
        <extracomment>The window's actions that need the dispatch capability (ui.shell.main_window.ACTION_CAPS; a test checks the two agree): disabled in a replay, with the reason. ``ui.shell.main_window.MainWindow`` (passed in: the shell's commands open replays, so this module cannot import the window module).</extracomment>
        <translation>这是过去夜班的回放：不能在其中派单。</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="110" />
        <source>Night Dispatch Console — review of {start} to {end}</source>
        <translation>夜间调度台 — 回看 {start} 至 {end}</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="124" />
        <source>Decisions</source>
        <translation>派单决策</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="133" />
        <source>This is a replay of a past night: notes cannot be added to it.</source>
        <translation>这是过去夜班的回放：不能在其中添加备注。</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="153" />
        <source>Review a night</source>
        <translation>回看夜班</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="166" />
        <source>Night starting (18:00–08:00):</source>
        <translation>夜班开始日期（18:00–08:00）：</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="192" />
        <source>Loading the night…</source>
        <translation>正在载入夜班…</translation>
    </message>
    <message>
        <location filename="../../ui/replay/window.py" line="203" />
        <source>The night could not be loaded: {reason}</source>
        <translation>无法载入该夜班：{reason}</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="32" />
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="44" />
        <location filename="../../ui/replay/replay_bar.py" line="118" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="50" />
        <source>Previous mark</source>
        <translation>上一个标记</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="56" />
        <source>Next mark</source>
        <translation>下一个标记</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="82" />
        <source>Jump to call…</source>
        <translation>跳到来电…</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="114" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="161" />
        <source>Jump to call</source>
        <translation>跳到来电</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="162" />
        <source>Call number:</source>
        <translation>来电编号：</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="168" />
        <source>Call {n} is not in this replay</source>
        <translation>来电 {n} 不在本次回放中</translation>
    </message>
    <message>
        <location filename="../../ui/replay/replay_bar.py" line="185" />
        <source>Replay {time}</source>
        <translation>回放 {time}</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../ui/report_dialog.py" line="85" />
        <source>Weekly report</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="107" />
        <source>Build</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="120" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="122" />
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="124" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="134" />
        <source>Week of</source>
        <translation>周起始</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="136" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="137" />
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="178" />
        <source>No database to report from (start with --db URL)</source>
        <translation>没有可用于报表的数据库（请用 --db URL 启动）</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="182" />
        <source>Building {week}…</source>
        <translation>正在生成 {week}…</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="213" />
        <source>The hub is building {week}…</source>
        <translation>调度中心正在生成 {week}…</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="228" />
        <source>{pages} pages</source>
        <translation>共 {pages} 页</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="228" />
        <source>1 page</source>
        <translation>共 1 页</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="255" />
        <source>Save report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <location filename="../../ui/report_dialog.py" line="258" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/shell/roles.py" line="10" />
        <source>Dispatcher</source>
        <translation>调度员</translation>
    </message>
    <message>
        <location filename="../../ui/shell/roles.py" line="11" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/shell/roles.py" line="12" />
        <source>Trainer</source>
        <translation>培训师</translation>
    </message>
    <message>
        <location filename="../../ui/shell/roles.py" line="13" />
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SecurityReportDialog</name>
    <message>
        <location filename="../../ui/audit/security_report.py" line="43" />
        <source>Monthly security report</source>
        <translation>月度安全审计报告</translation>
    </message>
    <message>
        <location filename="../../ui/audit/security_report.py" line="50" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/audit/security_report.py" line="52" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/audit/security_report.py" line="53" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/audit/security_report.py" line="62" />
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/audit/security_report.py" line="68" />
        <source>The hub is building the report…</source>
        <translation>中心服务正在生成报告…</translation>
    </message>
    <message>
        <location filename="../../ui/audit/security_report.py" line="78" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="39" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46" />
        <source>Mute all chimes (rows still pulse)</source>
        <translation>全部提示音静音（行仍会闪烁）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="48" />
        <source>Test chime</source>
        <translation>试听提示音</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="53" />
        <source>Automatic (night 20:00–07:00)</source>
        <translation>自动（20:00–07:00 夜间）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="54" />
        <source>Night</source>
        <translation>夜间</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="55" />
        <source>Day</source>
        <translation>日间</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59" />
        <source>Comfortable</source>
        <translation>宽松</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59" />
        <source>Compact</source>
        <translation>紧凑</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="62" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="67" />
        <source>None (offline outlines only)</source>
        <translation>无（仅离线轮廓）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="69" />
        <source>AMap 高德 (GCJ-02)</source>
        <translation>高德地图 (GCJ-02)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="70" />
        <source>Tencent 腾讯 (GCJ-02)</source>
        <translation>腾讯地图 (GCJ-02)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="71" />
        <source>Tianditu 天地图 (WGS-84, key)</source>
        <translation>天地图 (WGS-84，需密钥)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="72" />
        <source>Custom URL</source>
        <translation>自定义地址</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="82" />
        <source>WGS-84 (default)</source>
        <translation>WGS-84（默认）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="89" />
        <source>Chime volume</source>
        <translation>提示音音量</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="91" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="92" />
        <source>Row density</source>
        <translation>行密度</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="93" />
        <source>Language (after restart)</source>
        <translation>语言（重启后生效）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="94" />
        <source>Map tiles (after restart)</source>
        <translation>地图瓦片（重启后生效）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="95" />
        <source>Tile URL (custom)</source>
        <translation>瓦片地址（自定义）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="96" />
        <source>Tile coordinates (custom)</source>
        <translation>瓦片坐标系（自定义）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="129" />
        <source>muted</source>
        <translation>已静音</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="44" />
        <source>New call</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="45" />
        <location filename="../../ui/shell/shortcuts.py" line="51" />
        <location filename="../../ui/shell/shortcuts.py" line="57" />
        <location filename="../../ui/shell/shortcuts.py" line="123" />
        <location filename="../../ui/shell/shortcuts.py" line="129" />
        <source>Dispatch</source>
        <translation>调度</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="50" />
        <source>Assign top recommendation</source>
        <translation>指派首选技师</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="56" />
        <source>Undo last assignment (10 s)</source>
        <translation>撤销上一次指派（10 秒内）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="62" />
        <source>Next call</source>
        <translation>下一个工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="63" />
        <location filename="../../ui/shell/shortcuts.py" line="69" />
        <location filename="../../ui/shell/shortcuts.py" line="75" />
        <location filename="../../ui/shell/shortcuts.py" line="81" />
        <location filename="../../ui/shell/shortcuts.py" line="87" />
        <location filename="../../ui/shell/shortcuts.py" line="93" />
        <location filename="../../ui/shell/shortcuts.py" line="99" />
        <location filename="../../ui/shell/shortcuts.py" line="105" />
        <location filename="../../ui/shell/shortcuts.py" line="111" />
        <location filename="../../ui/shell/shortcuts.py" line="117" />
        <source>Navigate</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="68" />
        <source>Previous call</source>
        <translation>上一个工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="74" />
        <source>Search calls</source>
        <translation>搜索工单</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="80" />
        <source>Focus call queue</source>
        <translation>转到来电队列</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="86" />
        <source>Focus technician board</source>
        <translation>转到技师看板</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="92" />
        <source>Focus map</source>
        <translation>转到地图</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="98" />
        <source>Focus timeline</source>
        <translation>转到时间线</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="104" />
        <source>Focus job detail</source>
        <translation>转到工单详情</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="110" />
        <source>Focus recommendations</source>
        <translation>转到推荐技师</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="116" />
        <source>Focus plan</source>
        <translation>转到派单计划</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="122" />
        <source>Plan the night (then Enter accepts a change)</source>
        <translation>规划今晚（回车采纳一项变更）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="128" />
        <source>Pin / unpin the selected plan change</source>
        <translation>固定 / 取消固定所选的计划变更</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="134" />
        <source>Weekly report…</source>
        <translation>周报…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="135" />
        <location filename="../../ui/shell/shortcuts.py" line="147" />
        <location filename="../../ui/shell/shortcuts.py" line="153" />
        <location filename="../../ui/shell/shortcuts.py" line="195" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="140" />
        <source>Users and sessions…</source>
        <translation>用户与会话…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="146" />
        <source>Security report…</source>
        <translation>安全审计报告…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="152" />
        <source>Audit trail…</source>
        <translation>审计记录…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="158" />
        <source>API keys…</source>
        <translation>API 密钥…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="141" />
        <location filename="../../ui/shell/shortcuts.py" line="159" />
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="164" />
        <source>Training records…</source>
        <translation>培训记录…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="165" />
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="170" />
        <source>Trainer panel</source>
        <translation>培训面板</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="171" />
        <location filename="../../ui/shell/shortcuts.py" line="177" />
        <location filename="../../ui/shell/shortcuts.py" line="183" />
        <location filename="../../ui/shell/shortcuts.py" line="189" />
        <location filename="../../ui/shell/shortcuts.py" line="201" />
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="176" />
        <source>Switch night / day theme</source>
        <translation>切换夜间 / 日间主题</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="182" />
        <source>Switch comfortable / compact rows</source>
        <translation>切换宽松 / 紧凑行</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="188" />
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="194" />
        <source>Review a night…</source>
        <translation>回看一个夜班…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="200" />
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="206" />
        <source>Mute alerts</source>
        <translation>提醒静音</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="207" />
        <location filename="../../ui/shell/shortcuts.py" line="213" />
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="212" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="218" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="219" />
        <location filename="../../ui/shell/shortcuts.py" line="225" />
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../../ui/shell/shortcuts.py" line="224" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="75" />
        <source>Not encrypted: the hub runs with --insecure</source>
        <translation>未加密：调度中心以 --insecure 运行</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="79" />
        <source>Hub certificate expires {date}</source>
        <translation>调度中心证书将于 {date} 到期</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="91" />
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="95" />
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/shell/status_bar.py" line="102" />
        <source>%n command(s) queued</source>
        <translation>
            <numerusform>%n 条指令待发送</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="118" />
        <source>▶ Replay from history (no hub)</source>
        <translation>▶ 历史回放（未连接调度中心）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="123" />
        <source>● Connected</source>
        <translation>● 已连接</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="124" />
        <source>○ Connecting…</source>
        <translation>○ 正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="125" />
        <source>◐ Reconnecting since {since}</source>
        <translation>◐ 自 {since} 起重新连接中</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="126" />
        <source>○ Offline since {since}</source>
        <translation>○ 自 {since} 起离线</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="132" />
        <source>latency –</source>
        <translation>延迟 –</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="134" />
        <source>latency {ms} ms</source>
        <translation>延迟 {ms} 毫秒</translation>
    </message>
</context>
<context>
    <name>TechnicianBoardPanel</name>
    <message>
        <location filename="../../ui/panels/technician_board.py" line="113" />
        <source>Technician board</source>
        <translation>技师看板</translation>
    </message>
    <message>
        <location filename="../../ui/panels/technician_board.py" line="120" />
        <source>Search technician…</source>
        <translation>搜索技师…</translation>
    </message>
    <message>
        <location filename="../../ui/panels/technician_board.py" line="125" />
        <source>All skills</source>
        <translation>全部技能</translation>
    </message>
    <message>
        <location filename="../../ui/panels/technician_board.py" line="132" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
</context>
<context>
    <name>TechnicianModel</name>
    <message>
        <location filename="../../ui/models/technician_model.py" line="66" />
        <source>Technician</source>
        <translation>技师</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="67" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="68" />
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="69" />
        <source>Current job</source>
        <translation>当前工单</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="70" />
        <source>ETA</source>
        <translation>预计到达</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="71" />
        <source>Shift left</source>
        <translation>剩余班时</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="72" />
        <source>Jobs tonight</source>
        <translation>今晚工单</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="120" />
        <source>Off duty</source>
        <translation>下班</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="121" />
        <source>Available</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="122" />
        <source>En route</source>
        <translation>在途</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="123" />
        <source>On site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="124" />
        <source>On break</source>
        <translation>休息中</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/technician_model.py" line="133" />
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/models/technician_model.py" line="137" />
        <source>off shift</source>
        <translation>不在班</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../ui/panels/timeline.py" line="106" />
        <source>Shift timeline</source>
        <translation>班次时间线</translation>
    </message>
    <message>
        <location filename="../../ui/panels/timeline_marks.py" line="49" />
        <source>Assigned automatically by policy (auto-dispatch) at {time}</source>
        <translation>{time} 按派单策略自动派单</translation>
    </message>
</context>
<context>
    <name>TrainerPanel</name>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="43" />
        <source>Mean response</source>
        <extracomment>(row label, how to read it from a NightSummary)</extracomment>
        <translation>平均响应</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="44" />
        <source>P90 response</source>
        <translation>P90 响应</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="45" />
        <source>SLA met</source>
        <translation>按时率</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="46" />
        <source>Travel</source>
        <translation>行驶里程</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="47" />
        <source>Calls (done / open)</source>
        <translation>工单（完成 / 未完成）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="52" />
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="68" />
        <source>%1 km</source>
        <translation>%1 公里</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="106" />
        <source>Simulated night</source>
        <translation>模拟夜班</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="109" />
        <location filename="../../ui/panels/trainer_panel.py" line="210" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="112" />
        <source>Reset night</source>
        <translation>重置夜班</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="122" />
        <source>Simulation speed</source>
        <translation>模拟速度</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="125" />
        <source>Autopilot (engine dispatches)</source>
        <translation>自动驾驶（引擎调度）</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="130" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="140" />
        <source>Inject</source>
        <translation>注入</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="146" />
        <source>Emergency call</source>
        <translation>紧急来电</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="150" />
        <source>Van breakdown</source>
        <translation>车辆故障</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="152" />
        <source>Customer cancels</source>
        <translation>客户取消</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="154" />
        <source>Hub outage</source>
        <translation>调度中心中断</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="156" />
        <source>Stop the hub for one simulated minute: the console must show it and recover</source>
        <translation>让调度中心停机一个模拟分钟：调度台必须显示并自动恢复</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="182" />
        <source>the recommendation engine</source>
        <translation>推荐引擎</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="184" />
        <source>the planner</source>
        <translation>规划器</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="188" />
        <source>Calls created so far tonight (after a warm-up: since the engine handed over), judged as of the simulated now. The engine column is the same night dispatched by {engine} (… while it is being computed).</source>
        <translation>今晚到目前为止的来电（有预热时：自引擎交班之后），按模拟当前时间评估。引擎一列是同一夜班由{engine}调度的结果（计算中显示 …）。</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="240" />
        <source>Injected: %1</source>
        <translation>已注入：%1</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="177" />
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="168" />
        <source>Score so far tonight: you vs the engine, same calls</source>
        <translation>今晚至今得分：你与引擎，同一批来电</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="173" />
        <source>Response: lower is better. SLA met: higher is better.</source>
        <translation>响应时间越短越好；按时率越高越好。</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="177" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="210" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="257" />
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../ui/panels/trainer_panel.py" line="262" />
        <source> (paused)</source>
        <translation>（已暂停）</translation>
    </message>
</context>
<context>
    <name>TrainingRecords</name>
    <message>
        <location filename="../../ui/training/records_model.py" line="26" />
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="27" />
        <source>Nights</source>
        <translation>培训晚数</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="28" />
        <source>Abandoned</source>
        <translation>中途放弃</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="29" />
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="30" />
        <source>Last SLA (engine)</source>
        <translation>最近 SLA（引擎）</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="31" />
        <source>Best SLA</source>
        <translation>最佳 SLA</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="32" />
        <source>Trend vs engine</source>
        <translation>相对引擎趋势</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="33" />
        <source>Qualifying</source>
        <translation>达标晚数</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="34" />
        <source>Ready</source>
        <translation>已达标</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="38" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="39" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="105" />
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="106" />
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="107" />
        <source>Trainer</source>
        <translation>培训师</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="108" />
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="109" />
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="110" />
        <source>SLA (engine)</source>
        <translation>SLA（引擎）</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="111" />
        <source>Gap (pts)</source>
        <translation>差距（百分点）</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="112" />
        <source>Mean / p90 min</source>
        <translation>平均 / P90 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="113" />
        <source>Injections</source>
        <translation>注入事件</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="115" />
        <source>abandoned</source>
        <translation>中途放弃</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="118" />
        <source>planner</source>
        <extracomment>the engine whose shadow night a night's engine figures come from (the record's code)</extracomment>
        <translation>规划器</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_model.py" line="119" />
        <source>recommend</source>
        <translation>推荐引擎</translation>
    </message>
</context>
<context>
    <name>TrainingRecordsDialog</name>
    <message>
        <location filename="../../ui/training/records_view.py" line="49" />
        <source>Training records</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="56" />
        <source>Scenario filter</source>
        <translation>场景筛选</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="57" />
        <source>All scenarios</source>
        <translation>全部场景</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="61" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="63" />
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="94" />
        <source>Readiness rule</source>
        <translation>达标规则</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="102" />
        <source>any scenario</source>
        <translation>任意场景</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="105" />
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="108" />
        <source>nights with SLA within</source>
        <translation>晚 SLA 与引擎相差不超过</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="110" />
        <source>points of the engine, one of them</source>
        <translation>个百分点，其中至少一晚为</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="118" />
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../ui/training/records_view.py" line="131" />
        <source>%1 of %2 trainees meet the rule; %3 nights shown</source>
        <translation>%2 名学员中 %1 名达标；显示 %3 晚培训</translation>
    </message>
</context>
<context>
    <name>UndoToast</name>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="47" />
        <source>Reason for the record (required)</source>
        <translation>记录原因（必填）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="49" />
        <source>Assign</source>
        <translation>指派</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="51" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="78" />
        <source>Call %1: %2</source>
        <translation>工单 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="90" />
        <source>Not assigned: %1</source>
        <translation>未指派：%1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="91" />
        <source>Assign anyway…</source>
        <translation>仍然指派…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="100" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="185" />
        <source>%1 — Undo (Ctrl+Z) %2 s</source>
        <translation>%1 — 撤销 (Ctrl+Z) %2 秒</translation>
    </message>
    <message>
        <location filename="../../ui/shell/undo_toast.py" line="212" />
        <source>A reason is required to override</source>
        <translation>强制指派需要填写原因</translation>
    </message>
</context>
<context>
    <name>Weekdays</name>
    <message>
        <location filename="../../ui/models/labels.py" line="82" />
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="83" />
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="84" />
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="85" />
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="86" />
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="87" />
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../ui/models/labels.py" line="88" />
        <source>Sun</source>
        <translation>周日</translation>
    </message>
</context>
</TS>