# 页头的语言切换。
language-switch-label = 语言
