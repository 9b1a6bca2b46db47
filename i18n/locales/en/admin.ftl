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

## Retention Deadlines
retention-loading = Loading the retention deadlines…
retention-failed = The retention deadlines could not be loaded.
retention-intro = When a customer is frozen at resource level, its pay-per-use resources stop and keep their data for { $days } days; then BSS deletes the data and releases them. Each resource is listed with that day, soonest first: unfreeze the customer before it to keep them. "At the latest" marks a freeze made outside this dashboard, which began no later than the dashboard first saw it.
retention-unread = { $count ->
    [one] The resources of 1 frozen customer are still being read from BSS; they appear here within minutes.
   *[other] The resources of { $count } frozen customers are still being read from BSS; they appear here within minutes.
}
retention-failed-reads = BSS did not list the frozen resources of these customers; the board shows what it listed before:
retention-table = Frozen resources by deadline
retention-data-deleted = Data deleted
retention-customer = Customer
retention-resource = Resource
retention-type = Type
retention-region = Region
retention-frozen-since = Frozen since
retention-operation = Operation
retention-empty = No frozen pay-per-use resources: no customer is frozen at resource level, or BSS lists no frozen resources for those who are.
retention-passed = passed
retention-today = today
retention-in-days = { $days ->
    [one] in 1 day
   *[other] in { $days } days
}
retention-at-the-latest = { $left }, at the latest
retention-first-seen = first seen
retention-managed-explanation = Its reseller restricts purchases and freezes resources for its own customers itself; BSS refuses you the unfreeze.
retention-days-invalid = The retention period must be a whole number of days from 1 to { $max }.
retention-alert-days-invalid = The alert lead time must be a whole number of days from 1 to { $max }, and no longer than the retention period.

## Settings
settings-loading = Loading settings…
settings-save = Save
settings-verification-title = Verification code
settings-verification-intro = When on, every freeze, unfreeze and purchase restriction asks for a 6-digit code e-mailed to the staff member, valid for 5 minutes.
settings-verification-legend = Verification code for critical operations
settings-verification-on = On
settings-verification-off = Off
settings-verification-saved = The verification code setting is saved.
settings-labels-title = Labels
settings-labels-legend = Wording of statuses and operations
settings-labels-saved = The label set is saved.
settings-retention-title = Retention deadlines
settings-retention-intro-before = A frozen customer's pay-per-use resources keep their data for the retention period after the freeze (Huawei's is 15 days); the{ " " }
settings-retention-intro-after = { " " }page counts each deadline from it. The staff chosen below get at most one e-mail a day listing the resources whose deadline is within the alert days, each resource once per deadline.
settings-retention-days = Retention period (days)
settings-alert-days = Alert days before a deadline
settings-alert-send-to = Send the alert to
settings-alert-disabled = , disabled: no alert meanwhile
settings-retention-saved = The retention settings are saved.
settings-resellers-title = Resellers that restrict their own customers
settings-resellers-intro = Tick the resellers you granted, in Partner Center, the permission to restrict purchases and freeze resources for their own customers. BSS then refuses you those operations and budgets for their customers; BSS does not list who holds the permission, so the dashboard keeps it here and offers their customers no operation.
settings-resellers-legend = Restrict their own customers
settings-resellers-none = No resellers are synced yet.
settings-resellers-saved = The resellers are saved.
settings-bss-title = BSS connection
settings-bss-mode = Mode
settings-bss-emulator = Embedded BSS emulator (demo)
settings-bss-real = Real BSS
settings-bss-endpoint = Endpoint
settings-bss-api-version = API version
settings-bss-api-v1-legacy = v1 (legacy)
settings-bss-domain-id = Domain ID
settings-bss-credential = Credential
settings-bss-iam-token = IAM token
settings-bss-credential-never-shown = { $credential } (never shown)
settings-bss-mail-delivery = Verification codes delivered by
settings-bss-test = Test connection
settings-bss-testing = Testing…
settings-bss-connected = Connected. BSS lists { $customers } customers.
settings-bss-connected-request = Connected. BSS lists { $customers } customers (request id { $request_id }).
settings-bss-test-failed = The connection test failed: { $error }
mail-delivery-smtp = SMTP
mail-delivery-unconfigured = not configured
