# The retention alert e-mail, in each recipient's language.
mail-retention-subject = { $count ->
    [one] Partner Center: a frozen resource's data is deleted soon
   *[other] Partner Center: { $count } frozen resources' data is deleted soon
}
mail-retention-line = - { $day } ({ $left }): { $resource } ({ $service } { $type }, { $region }, ID { $id }) of { $customer } ({ $customer_id })
mail-retention-line-at-the-latest = - { $day } at the latest ({ $left }): { $resource } ({ $service } { $type }, { $region }, ID { $id }) of { $customer } ({ $customer_id })
mail-retention-body =
    BSS deletes the data of these frozen pay-per-use resources and releases them on the day shown, unless their customer is unfrozen before it:

    { $lines }

    The Retention Deadlines page lists every frozen resource and offers the unfreeze operation.
