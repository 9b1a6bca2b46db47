# The operation dialogs: freeze, unfreeze, restrict purchase, Set Budget, the verification code.
dialog-loading = Loading…
dialog-cannot-open = The operation cannot be opened
dialog-close = Close
dialog-impact = Impact
dialog-not-applicable = { $operation } does not apply to: { $customers }. Go back and select only reseller-model customers in the matching state.
dialog-reason-freeze = Reason
dialog-reason-unfreeze = Reason
dialog-reason-limit = At most { $max } characters.
dialog-agreement-intro = I have read and agree to
dialog-agreement = Agreement for Partners to Manage Customer Budgets
dialog-ok = OK
dialog-working = Working…
dialog-cancel = Cancel
dialog-batch-note = { $count ->
    [one] 1 customer.
   *[other] { $count } customers.
} Batches run in calls of at most 10 customers.
dialog-customers = Customers ({ $count }):
dialog-customers-more = and { $count } more
dialog-capabilities-caption = What the customer can still do after { $operation }
dialog-capabilities-resources = Resources
dialog-capabilities-possible = Still possible
dialog-capabilities-not-possible = Not possible
dialog-resources-region = Resources of the selected customers
dialog-resources-not-listed = { $count ->
    [one] Resources of 1 more selected customer are not listed; the same applies to them.
   *[other] Resources of { $count } more selected customers are not listed; the same applies to them.
}
dialog-resources-none = The customer has no cloud resources.
dialog-resources-label = Resources affected
dialog-resource = Resource
dialog-resource-service = Service
dialog-resource-region = Region
dialog-resource-billing = Billing
dialog-resource-effect = What happens
dialog-resources-more = { $count ->
    [one] and 1 more resource
   *[other] and { $count } more resources
}
effect-stops = Stops and stops billing; its data is deleted and it is released on { $released_on } unless unfrozen
effect-stays-frozen = Already frozen; stays frozen
effect-starts-again = Starts again and resumes billing
effect-keeps-running = Keeps running
effect-keeps-working-until = Keeps working until it expires on { $until }
effect-keeps-working = Keeps working
effect-unchanged = { $state }; not changed
capability-unsubscribing = Unsubscribing from resources
capability-modifying-names = Modifying resource names
capability-viewing-information = Viewing resource information
capability-purchasing = Purchasing resources
capability-modifying-specifications = Modifying specifications
capability-renewing = Renewing subscriptions
capability-yearly-monthly-to-pay-per-use = Changing yearly/monthly to pay-per-use
capability-pay-per-use-to-yearly-monthly = Changing pay-per-use to yearly/monthly
capability-operating-resources = Operations on resources
capability-deleting = Deleting resources
capability-using-resources = Accessing or using the resources
capability-note-keep-working-until-expiry = Resources already bought keep working until they expire.
capability-note-unavailable-but-billed = Provisioned resources may be unavailable but still incur fees.
capability-note-still-usable = Resources already bought can still be used.
capability-note-retention-period = Frozen: they enter the retention period, in which their data is kept and they incur no fees. When it ends their data is deleted and they are released.
code-label = Verification Code
code-get = Get Code
code-resend-in = Resend in { $seconds } s
code-sent-to = A code was sent to { $to }. It is valid for { $minutes } minutes.
code-sent = A code was sent to your e-mail.
budget-title = Set Budget
budget-now = Current budget: { $amount } ({ $type }), used: { $used }.
budget-type-unknown = type unknown
budget-unreadable = The current budget could not be read from BSS.
budget-also-unrestrict = Also unrestrict purchase
budget-also-unfreeze = Also unfreeze the account
budget-code-for-unrestrict = The verification code is needed only to unrestrict purchase.
budget-code-for-unfreeze = The verification code is needed only to unfreeze the account.
budget-amount = Budget (USD)
budget-type = Budget type
budget-note = BSS lifts an account-level restriction only; resources frozen with the account stay frozen.
record-loading = Loading the operation…
record-running = { $operation }: { $done } of { $total } customers done
record-finished-with-failures = { $operation }: { $succeeded } succeeded, { $failed } failed
record-dismiss = Dismiss
record-progress = Operation progress
record-retry-failed = Retry failed
dialog-resources-failed = BSS did not list this customer's resources: { $problem }
mail-code-subject = Partner Center verification code
mail-code-body =
    Your Partner Center verification code is { $code }.

    It is valid for { $minutes } minutes and can be used once, for the operation you requested it for. If you did not request it, tell your administrator.
resource-being-released = Being released
resource-frozen = Frozen
resource-expired = Expired
resource-expired-on = Expired on { $day }
