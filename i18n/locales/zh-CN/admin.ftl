# 管理页面：员工、密码、设置、安全事件、保留期截止。

## 员工
staff-accounts = 账号
staff-loading = 正在加载员工…
staff-role-changed = 角色已变更。
staff-account-updated = 账号已更新。
staff-one-time-password = { $email } 的密码已重置。此一次性密码仅显示这一次，下次登录时必须修改，请将其交给该员工：
staff-one-time-password-unstored = 密码已重置，但无法显示。请重新重置。
staff-add-title = 添加员工
staff-email = 邮箱
staff-name = 姓名
staff-role = 角色
staff-status = 状态
staff-action = 操作
staff-initial-password = 初始密码
staff-initial-password-hint = 至少 { $min } 个字符。请当面或通过电话告知，不要通过邮件发送。
staff-added = 员工已添加。
staff-add = 添加
staff-role-of = { $name } 的角色
staff-change-role = 变更
staff-enabled = 已启用
staff-disabled = 已停用
staff-enable = 启用
staff-disable = 停用
staff-enable-label = 启用 { $email }
staff-disable-label = 停用 { $email }
staff-reset-password = 重置密码
staff-reset-password-label = 重置 { $email } 的密码

## 密码
password-title = 修改密码
password-must-change = 管理员已将您的密码重置为一次性密码。请设置您自己的密码后继续。
password-changed = 密码已修改，您的其他会话均已退出登录。
password-current = 当前密码
password-new = 新密码
password-new-hint = 至少 { $min } 个字符。
password-new-again = 确认新密码
password-change = 修改密码

## 安全事件
security-events-intro = 记录谁开启或关闭了验证码，添加、停用或启用了员工，变更了角色或密码，以及哪些登录被锁定：发生时间和来源地址。事件按写入时原样保存，任何人都无法编辑或删除。
security-events-loading = 正在加载安全事件…
security-events-failed = 无法加载安全事件。
security-events-export-holds = 导出文件包含筛选条件选中的全部事件（所有页）。
security-events-table = 安全事件
security-events-time = 时间
security-events-empty = 没有符合筛选条件的安全事件。

## 保留期截止
retention-loading = 正在加载保留期截止信息…
retention-failed = 无法加载保留期截止信息。
retention-intro = 客户被冻结到资源级别后，其按需资源停止运行，数据保留 { $days } 天；之后 BSS 删除数据并释放资源。每个资源均列出该日期，最早到期的排在最前：请在此之前解冻客户以保留资源。“最迟”表示该冻结不是在本控制台执行的，其开始时间不晚于本控制台首次发现它的时间。
retention-unread = 仍在从 BSS 读取 { $count } 个冻结客户的资源，几分钟内将显示在此处。
retention-failed-reads = BSS 未能列出以下客户的冻结资源，此处显示的是其上次列出的内容：
retention-table = 按截止时间排列的冻结资源
retention-data-deleted = 数据删除时间
retention-customer = 客户
retention-resource = 资源
retention-type = 类型
retention-region = 区域
retention-frozen-since = 冻结时间
retention-operation = 操作
retention-empty = 没有冻结的按需资源：没有客户被冻结到资源级别，或者 BSS 没有列出这些客户的冻结资源。
retention-passed = 已过期
retention-today = 今天
retention-in-days = { $days } 天后
retention-at-the-latest = { $left }（最迟）
retention-first-seen = 首次发现
retention-managed-explanation = 该客户的云经销商自行为其客户限制购买和冻结资源，BSS 会拒绝您执行解冻。
retention-days-invalid = 保留期必须是 1 到 { $max } 之间的整数天数。
retention-alert-days-invalid = 提醒提前天数必须是 1 到 { $max } 之间的整数，且不能超过保留期。

## 设置
settings-loading = 正在加载设置…
settings-save = 保存
settings-verification-title = 验证码
settings-verification-intro = 开启后，每次冻结、解冻和限制购买都需要输入通过邮件发送给员工的 6 位验证码，有效期 5 分钟。
settings-verification-legend = 关键操作验证码
settings-verification-on = 开启
settings-verification-off = 关闭
settings-verification-saved = 验证码设置已保存。
settings-labels-title = 标签
settings-labels-legend = 状态和操作的措辞
settings-labels-saved = 标签集已保存。
settings-retention-title = 保留期截止
settings-retention-intro-before = 冻结客户的按需资源在冻结后的保留期内保留数据（华为云为 15 天），
settings-retention-intro-after = 页面据此计算每个截止时间。下方选择的员工每天最多收到一封邮件，列出截止时间在提醒天数内的资源，每个资源在每个截止时间只提醒一次。
settings-retention-days = 保留期（天）
settings-alert-days = 截止前提醒天数
settings-alert-send-to = 提醒接收人
settings-alert-disabled = ，已停用：停用期间不发送提醒
settings-retention-saved = 保留期设置已保存。
settings-resellers-title = 自行限制其客户的云经销商
settings-resellers-intro = 勾选您已在伙伴中心授予“为其客户限制购买和冻结资源”权限的云经销商。此后 BSS 会拒绝您对其客户执行这些操作和设置预算；BSS 不会列出谁持有该权限，因此由本控制台在此记录，并且不为其客户提供任何操作。
settings-resellers-legend = 自行限制其客户
settings-resellers-none = 尚未同步任何云经销商。
settings-resellers-saved = 云经销商设置已保存。
settings-bss-title = BSS 连接
settings-bss-mode = 模式
settings-bss-emulator = 内置 BSS 模拟器（演示）
settings-bss-real = 真实 BSS
settings-bss-endpoint = 终端节点
settings-bss-api-version = API 版本
settings-bss-api-v1-legacy = v1（旧版）
settings-bss-domain-id = 账号 ID
settings-bss-credential = 凭证
settings-bss-iam-token = IAM Token
settings-bss-credential-never-shown = { $credential }（不会显示）
settings-bss-mail-delivery = 验证码发送方式
settings-bss-test = 测试连接
settings-bss-testing = 正在测试…
settings-bss-connected = 连接成功。BSS 列出了 { $customers } 个客户。
settings-bss-connected-request = 连接成功。BSS 列出了 { $customers } 个客户（请求ID { $request_id }）。
settings-bss-test-failed = 连接测试失败：{ $error }
mail-delivery-smtp = SMTP
mail-delivery-unconfigured = 未配置
