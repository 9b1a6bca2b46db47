# 保留期提醒邮件，使用各接收人选择的语言。
mail-retention-subject = 伙伴中心：{ $count } 个冻结资源的数据即将被删除
mail-retention-line = - { $day }（{ $left }）：{ $customer }（{ $customer_id }）的 { $resource }（{ $service } { $type }，{ $region }，ID { $id }）
mail-retention-line-at-the-latest = - 最迟 { $day }（{ $left }）：{ $customer }（{ $customer_id }）的 { $resource }（{ $service } { $type }，{ $region }，ID { $id }）
mail-retention-body =
    除非在所示日期之前解冻其客户，否则 BSS 将在该日期删除以下冻结的按需资源的数据并释放资源：

    { $lines }

    “保留期截止”页面列出了所有冻结资源，并提供解冻操作。
