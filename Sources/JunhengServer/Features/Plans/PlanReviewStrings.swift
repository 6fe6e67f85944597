/// The words of the plan review page for why each fact was proposed and for adding a fact the
/// ingester missed, in both languages (merged into ``UIStrings/table``).
enum PlanReviewStrings {
    static let table: [String: (zh: String, en: String)] = [
        // Why and how sure.
        "ruleLabel": ("依据", "Found by"),
        "confidenceLabel": ("置信度", "Confidence"),
        "doubtful": ("存疑", "Doubtful"),
        "fromProse": ("从正文识别，请确认", "Found in a sentence: please confirm"),
        "addedByHand": ("人工添加", "Added by hand"),
        "orderDocument": ("按原文顺序", "In document order"),
        "orderConfidence": ("最可疑的在前", "Most doubtful first"),
        "onlyPending": ("只看待审核", "Pending only"),
        "allStatuses": ("全部", "All"),
        "reviewHelp": ("每条提取项注明了识别依据和置信度：置信度低的最可能有误，可点“最可疑的在前”先审核它们。系统漏掉的内容，可在左侧原文中选中文字后添加。",
                       "Each fact says how it was found and how sure the reader is: the least sure are the likeliest to be wrong, so “Most doubtful first” lists them first. To add what the reader missed, select its words in the text on the left."),
        // The rule families (`rule.<prefix of the rule id>`): the longest prefix with words wins;
        // an id without any is shown as it is.
        "rule.manual": ("人工添加", "Added by hand"),
        "rule.target": ("数值+比较词", "A number with a comparison word"),
        "rule.target.table": ("指标表中的一行", "A row of an indicator table"),
        "rule.target.achievement": ("已取得成绩的数值", "A figure already achieved"),
        "rule.item": ("服务项目列表", "A list of service items"),
        "rule.item.table": ("服务清单表格中的一行", "A row of a catalogue table"),
        "rule.item.list": ("服务项目列表", "A list of service items"),
        "rule.item.prose": ("正文句子中提到的项目", "Named in a sentence"),
        "rule.task": ("任务句+责任单位", "A task sentence with its departments"),
        "rule.project": ("工程名称+数量", "A project name with its quantities"),
        // Adding from a selection.
        "addFromSelection": ("从所选文字添加", "Add from the selected text"),
        "addFromSelectionHelp": ("在原文中选中一句或一段文字，再选择要添加的类型；不使用脚本时，可直接填写字符位置（从 0 开始，按修复后文本的字符计）。",
                                 "Select a sentence or a paragraph of the text, then the kind of fact to add; without scripts, type the character positions (from 0, in characters of the repaired text)."),
        "selectionStart": ("起始位置", "Start"),
        "selectionEnd": ("结束位置", "End"),
        "selectedText": ("所选文字", "Selected text"),
        "nothingSelected": ("尚未选择文字", "Nothing selected yet"),
        "addKindAs": ("添加为", "Add as"),
        "newFact": ("新增%@", "New %@"),
        "newFactHelp": ("以下内容根据所选文字预填，请补全并核对后保存；出处即所选文字。", "Filled in from the selected text: complete and check it, then save. Its source is the selected text."),
        "addAndAccept": ("添加并采纳", "Add and accept"),
        "addAsPending": ("添加为待审核", "Add as pending"),
    ]
}
