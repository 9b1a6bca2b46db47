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
