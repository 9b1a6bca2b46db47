# The administration pages: Staff, Password, Settings, Security Events, Retention Deadlines.

## Staff
staff-accounts = Accounts
staff-loading = Loading staff…
staff-role-changed = The role is changed.
staff-account-updated = The account is updated.
staff-one-time-password = The password of { $email } is reset. Hand over this one-time password; it is shown only now, and must be changed at the next sign-in:
staff-one-time-password-unstored = The password is reset, but it could not be shown. Reset it again.
staff-add-title = Add a staff member
staff-email = E-mail
staff-name = Name
staff-role = Role
staff-status = Status
staff-action = Action
staff-initial-password = Initial password
staff-initial-password-hint = At least { $min } characters. Hand it over in person or by phone, not by e-mail.
staff-added = The staff member is added.
staff-add = Add
staff-role-of = Role of { $name }
staff-change-role = Change
staff-enabled = Enabled
staff-disabled = Disabled
staff-enable = Enable
staff-disable = Disable
staff-enable-label = Enable { $email }
staff-disable-label = Disable { $email }
staff-reset-password = Reset password
staff-reset-password-label = Reset password of { $email }

## Password
password-title = Change your password
password-must-change = An admin reset your password to a one-time password. Choose your own to continue.
password-changed = Your password is changed. Your other sessions are signed out.
password-current = Current password
password-new = New password
password-new-hint = At least { $min } characters.
password-new-again = New password again
password-change = Change password

## Security Events
security-events-intro = Who turned the verification code on or off, added, disabled or enabled staff, changed roles or passwords, and which sign-ins were locked out: when, and from which address. Events are kept as written; nobody can edit or delete them.
security-events-loading = Loading security events…
security-events-failed = Security events could not be loaded.
security-events-export-holds = The export holds every event the filters select (all pages).
security-events-table = Security events
security-events-time = Time
security-events-empty = No security events match these filters.
