# Exporting the customer list and View Export.
export-button = Export
export-all-explanation = Export All: every customer this view matches, all pages. To export some, tick them and choose Export Selected above the table.
export-all = Export All
export-format = Format
export-full-values = Full values: names, e-mails and phone numbers unmasked (recorded as a security event)
export-none-selected = No customers are selected: tick the customers to export first.
export-selected-count = { $count ->
    [one] Exports the 1 selected customer.
   *[other] Exports the { $count } selected customers.
}
export-close = Close
export-cancel = Cancel
export-not-a-customer-id = `{ $id }` is not a customer ID.
export-too-many = More than { $max } customers are selected; export at most { $max } at once, or use Export All with a filter.
export-select-some = Select at least one customer to export.
export-scope-selected = { $count ->
    [one] Selected: 1 customer
   *[other] Selected: { $count } customers
}
export-scope-all = All customers
export-filter-separator = {", "}
export-scope-matching = All matching: { $filters }
export-filter-reseller = reseller { $reseller }
export-filter-search = search “{ $text }”
export-filter-status = status { $status }
export-filter-association = association { $association }
export-filter-label = label “{ $label }”
export-filter-manager = account manager “{ $manager }”
export-filter-associated-between = associated { $from } to { $to }
export-filter-associated-from = associated from { $from }
export-filter-associated-until = associated until { $to }
export-filter-budget-used = budget used ≥ { $percent } %
export-column-reseller-id = Reseller ID
export-column-associated-on = Associated On (UTC)
export-column-email = E-mail
export-column-phone = Phone
export-column-budget = Budget
export-column-budget-used = Budget Used
export-column-budget-used-percent = Budget Used (%)
export-column-currency = Currency
export-failed = The export failed: { $reason }
export-sheet-name = Customers
export-abandoned = The export stopped before it finished: the server running it shut down. Start it again.
export-choose-scope = Choose Export Selected or Export All.
export-choose-format = Choose CSV or Excel (XLSX) as the format.
export-all-takes-no-ids = Export All exports the list's view: it takes no selected customers.
exports-intro = Exports of the customer list, newest first (the latest { $listed } exports). Names, e-mails and phone numbers are anonymised unless the export was asked for with full values, which is recorded as a security event.
exports-back = Back to Customer Management
exports-loading = Loading exports…
exports-failed = Exports could not be loaded.
exports-table = Customer exports
exports-asked-at = Asked at
exports-by = By
exports-what = What
exports-full-values = Full values
exports-state = State
exports-rows = Rows
exports-file = File
exports-empty = No exports yet. Export from Customer Management.
exports-running = An export is running; this page updates when it finishes.
exports-download = Download
exports-not-ready = Not ready yet
exports-yes = Yes
exports-anonymised = No (anonymised)
