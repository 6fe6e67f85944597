import Charts
import Foundation
import JunhengCore
import Storage

/// Page language: Chinese by default, English on request (`?lang=en`, remembered in a cookie).
public enum Language: String, Sendable, CaseIterable {
    case chinese = "zh"
    case english = "en"

    var htmlCode: String { self == .chinese ? "zh-CN" : "en" }

    /// UI strings for templates, as `{{t.key}}`. Data (region names, plan text) stays Chinese.
    var strings: [String: String] { self == .chinese ? Self.chineseStrings : Self.englishStrings }

    // Built once: every page's chrome reads them.
    private static let chineseStrings = UIStrings.table.mapValues(\.zh)
    private static let englishStrings = UIStrings.table.mapValues(\.en)

    /// One UI string by key, for text a view model builds (chart titles, sentences).
    func text(_ key: String) -> String {
        guard let pair = UIStrings.table[key] else { return key }
        return self == .chinese ? pair.zh : pair.en
    }

    /// A UI string with `%d`/`%@` placeholders filled in.
    func format(_ key: String, _ arguments: any CVarArg...) -> String {
        String(format: text(key), arguments: arguments)
    }

    /// A UI string with named `{placeholders}` filled in (safer than `%@` for Swift strings).
    func fill(_ key: String, _ values: [String: String]) -> String {
        values.reduce(text(key)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// Punctuation around data in templates: full-width in Chinese, ASCII with spaces in English.
    var punctuation: Punctuation {
        self == .chinese ? Punctuation(colon: "：", open: "（", close: "）", listSeparator: "、", spacer: "　")
                         : Punctuation(colon: ": ", open: " (", close: ")", listSeparator: ", ", spacer: "\u{2003}")
    }

    /// "未找到：规划 12" / "Not found: plan 12" for `JunhengError.notFound(what)` on a page. The
    /// thing is named first in `what`, in Chinese (the JSON API keeps those words); an English
    /// page names it from `UIStrings.things` and keeps the rest (an ID, a code) as it is.
    func notFound(_ what: String) -> String {
        guard self == .english else { return "未找到：" + what }
        let thing = UIStrings.things.keys.filter { what.hasPrefix($0) }.max { $0.count < $1.count }
        let english = thing.map { text(UIStrings.things[$0]!) + what.dropFirst($0.count) } ?? what
        return text("notFound") + punctuation.colon + english
    }

    /// The language the Charts library writes its own words in (it does not know `Language`).
    var chart: ChartLanguage { self == .chinese ? .chinese : .english }
}

/// The punctuation a template writes between labels and data (`{{punctuation.colon}}`).
struct Punctuation: Sendable {
    let colon: String
    let open: String
    let close: String
    let listSeparator: String
    /// Between items set apart by space alone: an ideographic space in Chinese, an em space in English.
    let spacer: String
}

/// A value with a name in each language (roles, statuses, levels …), named for the page's language.
protocol Bilingual {
    var chineseName: String { get }
    var englishName: String { get }
}

extension Bilingual {
    func name(in language: Language) -> String { language == .chinese ? chineseName : englishName }
}

extension Role: Bilingual {}
extension Permission: Bilingual {}
extension RegionLevel: Bilingual {}
extension ProgressStatus: Bilingual {}
extension SubmissionStatus: Bilingual {}
extension Direction: Bilingual {}
extension TargetComparator: Bilingual {}
extension Binding: Bilingual {
    var englishName: String { self == .binding ? "Binding" : "Expected" }
}
extension ExtractionKind: Bilingual {}
extension ExtractionStatus: Bilingual {}
extension WarningKind: Bilingual {}
extension CatalogueStatus: Bilingual {}
extension CatalogueField: Bilingual {}
extension GovernmentLevel: Bilingual {}
extension StandardPeriod: Bilingual {}
extension ComplianceFindingKind: Bilingual {}
extension TaskColour: Bilingual {}
extension TaskKind: Bilingual {}
extension TaskStatus: Bilingual {}
extension TaskProgressMethod: Bilingual {}
extension ReportStatus: Bilingual {}
extension PeriodStatus: Bilingual {}
extension PeriodFrequency: Bilingual {}

enum UIStrings {
    /// The things a `notFound` error names, by their Chinese name, with the key of their name.
    static let things: [String: String] = [
        "用户": "thing.user", "报送": "thing.submission", "清单版本": "thing.catalogueVersion", "服务项目": "thing.serviceItem",
        "提取项": "thing.extraction", "规划": "thing.plan", "指标": "thing.indicator", "地区": "thing.region",
        "原文": "thing.sourceText", "分组方案": "thing.groupSet", "令牌": "thing.token", "操作": "thing.step",
    ]

    /// A feature's strings whose keys start with `prefix`, without it, in `language`: the
    /// `{{words.…}}` of its templates. Keys with a further dot are left out: Mustache reads a dot
    /// as a step into the value.
    static func words(of table: [String: (zh: String, en: String)], prefix: String, in language: Language) -> [String: String] {
        Dictionary(uniqueKeysWithValues: table.compactMap { key, pair in
            let rest = key.dropFirst(prefix.count)
            guard key.hasPrefix(prefix), !rest.contains(".") else { return nil }
            return (String(rest), language == .chinese ? pair.zh : pair.en)
        })
    }

    /// Every feature's strings: the shared ones below and those a feature keeps beside its pages.
    static let table = shared.merging(ReportStrings.table) { shared, _ in shared }
        .merging(PlanReviewStrings.table) { shared, _ in shared }
        .merging(FeedbackStrings.table) { shared, _ in shared }
        .merging(MapStrings.table) { shared, _ in shared }
        .merging(SurveyStrings.table) { shared, _ in shared }
        .merging(HotlineStrings.table) { shared, _ in shared }

    static let shared: [String: (zh: String, en: String)] = [
        "appName": ("均衡 · 基本公共服务均等化管理平台", "Junheng · Basic Public Services Equalization"),
        "home": ("首页", "Home"),
        "regions": ("行政区划", "Regions"),
        "users": ("用户管理", "Users"),
        "audit": ("审计日志", "Audit log"),
        "login": ("登录", "Sign in"),
        "logout": ("退出", "Sign out"),
        "username": ("用户名", "Username"),
        "password": ("密码", "Password"),
        "displayName": ("姓名", "Display name"),
        "role": ("角色", "Role"),
        "region": ("地区", "Region"),
        "department": ("部门", "Department"),
        "code": ("代码", "Code"),
        "name": ("名称", "Name"),
        "level": ("级别", "Level"),
        "children": ("下级地区", "Subdivisions"),
        "ancestors": ("上级地区", "Parent regions"),
        "search": ("搜索", "Search"),
        "searchPlaceholder": ("输入名称或代码，如 邢台 或 1305", "Name or code, e.g. 邢台 or 1305"),
        "provinces": ("省级行政区", "Provinces"),
        "results": ("搜索结果", "Results"),
        "noResults": ("没有找到匹配的地区", "No matching regions"),
        "addTownship": ("添加乡镇（街道）", "Add a township"),
        "townshipCode": ("乡级代码（9 或 12 位）", "Township code (9 or 12 digits)"),
        "validFrom": ("生效日期（可选）", "Valid from (optional)"),
        "add": ("添加", "Add"),
        "create": ("创建", "Create"),
        "createUser": ("新建用户", "New user"),
        "signedInAs": ("当前用户", "Signed in as"),
        "welcome": ("欢迎使用均衡平台", "Welcome to Junheng"),
        "homeIntro": ("本平台用于管理基本公共服务清单、规划指标与年度监测数据、城乡与区域均等化分析、部门重点任务，以及面向公众的公开信息。",
                      "Junheng manages the basic public services catalogue, plan targets and yearly monitoring data, urban–rural and regional equalization analysis, departmental key tasks, and the public pages that hold government to account."),
        "when": ("时间", "When"),
        "who": ("操作人", "Who"),
        "action": ("操作", "Action"),
        "entity": ("对象", "Entity"),
        "change": ("变更", "Change"),
        "error": ("出错了", "Something went wrong"),
        "back": ("返回首页", "Back to home"),
        "loginFailed": ("用户名或密码错误", "Wrong username or password"),
        "groups": ("地区分组", "Region groups"),
        "language": ("English", "中文"),
        "scope": ("管辖范围", "Scope"),
        "wholeCountry": ("全国", "Whole country"),
        "active": ("状态", "Status"),
        "plans": ("规划文件", "Plans"),
        "ingestPlan": ("导入规划文件", "Import a plan document"),
        "ingestHelp": ("上传规划文件：Word（.docx、.doc）、WPS（.wps）、PDF、网页（.html、.htm）或文本（.txt，UTF-8、GBK 或 UTF-16 均可）。扫描版 PDF 没有文字层，无法读取，请提供 Word 版或可复制文字的 PDF。系统修复文本、转为简体，并提取服务项目、目标指标、重点任务和工程，供逐条审核后发布。",
                       "Upload a plan as Word (.docx, .doc), WPS (.wps), PDF, a web page (.html, .htm) or text (.txt in UTF-8, GBK or UTF-16). A scanned PDF has no text to read: provide the Word file or a PDF whose text can be copied. Junheng repairs the text, converts it to simplified characters and proposes its service items, targets, tasks and projects for review before publishing."),
        "planFile": ("规划文件", "Plan file"),
        "regionOverride": ("所属地区代码（文件中无法识别时填写）", "Region code (if the document does not name it)"),
        "upload": ("上传并解析", "Upload and read"),
        "title": ("标题", "Title"),
        "documentNumber": ("文号", "Document number"),
        "period": ("规划期", "Period"),
        "status": ("状态", "Status"),
        "draft": ("草稿（待审核）", "Draft (under review)"),
        "published": ("已发布", "Published"),
        "sourceFile": ("原始文件", "Source file"),
        "acceptPending": ("采纳全部待审核项", "Accept all pending"),
        "publishPlan": ("发布规划", "Publish the plan"),
        "publishAfterReview": ("全部审核完毕后可发布", "Publish once everything is reviewed"),
        "publishByAnother": ("此草稿由您上传，须由另一位有发布权限的人员审核后发布", "You uploaded this draft: someone else who may publish plans reviews and publishes it"),
        "repairedText": ("修复后的文本", "Repaired text"),
        "kindItem": ("服务项目", "Service item"),
        "kindTarget": ("目标指标", "Target"),
        "kindTask": ("重点任务", "Task"),
        "kindProject": ("重点工程", "Project"),
        "pendingShort": ("待审核", "pending"),
        // Monitoring: the progress table, the indicator page's charts and badges.
        "onTrajectory": ("在路径上", "On trajectory"),
        "behindBy": ("落后 %@", "Behind by %@"),
        "childrenLatest": ("各下级地区最新值", "Latest value in each lower-level region"),
        "noChildData": ("暂无下级地区数据", "No data for the lower-level regions yet"),
        "inheritedTarget": ("沿用上级", "Upper level's"),
        "weakerThanUpper": ("低于上级", "Weaker than upper level's"),
        "derivedBadge": ("派生", "Derived"),
        "demoDataNote": ("示例数据（非真实统计）", "示例数据 · demo data, not real statistics"),
        "dataSources": ("数据来源", "Data sources"),
        // Error pages: what was not found.
        "notFound": ("未找到", "Not found"),
        "thing.user": ("用户", "user"),
        "thing.submission": ("报送", "submission"),
        "thing.catalogueVersion": ("清单版本", "catalogue version"),
        "thing.serviceItem": ("服务项目", "service item"),
        "thing.extraction": ("提取项", "extracted item"),
        "thing.plan": ("规划", "plan"),
        "thing.indicator": ("指标", "indicator"),
        "thing.region": ("地区", "region"),
        "thing.sourceText": ("原文", "source text"),
        "thing.groupSet": ("分组方案", "group set"),
        "thing.token": ("令牌", "token"),
        "thing.step": ("操作", "step"),
        "pendingBeforePublish": ("还有 %d 项未审核，请先采纳或舍弃", "%d items are not reviewed yet: accept or drop them first"),
        // Equalization: chart titles, legends and the measures' names.
        "yearOf": ("%d年", "%d"),
        "compositeChartTitle": ("综合均等化指数（熵权 TOPSIS，%d年）", "Composite equalization index (entropy-weighted TOPSIS, %d)"),
        "compositeIncomplete": ("指标数据不全，无法计算综合指数", "Indicator data incomplete: no composite index"),
        "childrenValues": ("各下级地区%@（%d年）", "%@ in each lower-level region (%d)"),
        "benchmarkOf": ("基准（%@）", "Benchmark (%@)"),
        "gapTrend": ("差距指数走势", "Inequality indices over the years"),
        "theilTShort": ("泰尔指数T", "Theil T"),
        "theilDecomposition": ("泰尔指数T分解（组内 / 组间）", "Theil T decomposed (within / between groups)"),
        "withinGroups": ("组内差距", "Within groups"),
        "betweenGroups": ("组间差距", "Between groups"),
        "theilWithin": ("泰尔T 组内", "Theil T within groups"),
        "theilBetween": ("泰尔T 组间", "Theil T between groups"),
        "measureMean": ("平均值", "Mean"),
        "measureCV": ("变异系数 CV", "Coefficient of variation (CV)"),
        "measureGini": ("基尼系数", "Gini coefficient"),
        "measureTheilT": ("泰尔指数 T（GE(1)）", "Theil T (GE(1))"),
        "measureTheilL": ("泰尔指数 L（MLD，GE(0)）", "Theil L (MLD, GE(0))"),
        "measureMaxMin": ("最大值/最小值", "Max / min"),
        "measureMinMean": ("最小值/平均值", "Min / mean"),
        "unweighted": ("未加权", "Unweighted"),
        "weightedBy": ("按%@加权", "Weighted by %@"),
        "population": ("人口", "population"),
        "edited": ("已修改", "edited"),
        "accept": ("采纳", "Accept"),
        "saveEdit": ("保存修改", "Save edit"),
        "drop": ("舍弃", "Drop"),
        "indicators": ("指标监测", "Indicators"),
        "unit": ("单位", "Unit"),
        "attribute": ("属性", "Type"),
        "directionLabel": ("方向", "Direction"),
        "noIndicators": ("暂无指标", "No indicators yet"),
        "source": ("出处", "Source"),
        "switchRegion": ("切换", "Show"),
        "baselineLabel": ("基期", "Baseline"),
        "latest": ("最新值", "Latest"),
        "targetLabel": ("目标", "Target"),
        "ratio": ("增速比", "Growth ratio"),
        "trajectoryLabel": ("规划路径", "Trajectory"),
        "trend": ("走势", "Trend"),
        "dataEntry": ("数据填报", "Data entry"),
        "year": ("年份", "Year"),
        "submitData": ("提交审核", "Submit for review"),
        "uploadSheet": ("上传表格", "Upload a sheet"),
        "uploadHelp": ("CSV 或 XLSX，每行一个“地区 × 指标 × 年份 ×（分组）”，列：地区（代码或名称）、指标（代码或名称）、年份、数值，可选：分组、单位。有任何一行出错则整份不导入。",
                       "CSV or XLSX, one row per region × indicator × year (× disaggregation); columns: region (code or name), indicator (code or name), year, value, optionally disaggregation and unit. Any bad row rejects the whole file."),
        "file": ("文件", "File"),
        "submissions": ("数据审核", "Submissions"),
        "rows": ("行数", "Rows"),
        "review": ("审核", "Review"),
        "comment": ("意见", "Comment"),
        "approve": ("通过", "Approve"),
        "returnLabel": ("退回", "Return"),
        "warningsShort": ("提示", "Warnings"),
        "warnings": ("预警", "Warnings"),
        "allDepartments": ("全部部门", "All departments"),
        "filter": ("筛选", "Filter"),
        // The reviewer's submission page and the reporter's data-entry form.
        "submission": ("报送", "Submission"),
        "submittedBy": ("提交人", "Submitted by"),
        "downloadFile": ("下载上传的文件", "Download the uploaded file"),
        "noUploadedFile": ("网页或接口填报，没有上传文件", "Entered on the web form or through the API: no file"),
        "submittedValue": ("报送值", "Submitted"),
        "approvedValue": ("已审核值", "Approved"),
        "lastYearApproved": ("上年已审核值", "Last year (approved)"),
        "changeOnLastYear": ("较上年变化", "Change on last year"),
        "reviewComment": ("审核意见", "Reviewer's comment"),
        "returnNeedsComment": ("退回时须填写意见，填报人会看到。", "A comment is required to return; the reporter sees it."),
        "cannotReviewOwn": ("这是您提交的数据，须由他人审核。", "You submitted this: someone else must review it."),
        "openSubmission": ("查看", "Open"),
        "submitCorrection": ("提交更正", "Submit a correction"),
        "approvedBadge": ("已审核", "Approved"),
        "pendingBadge": ("待审核", "Awaiting review"),
        "returnedBadge": ("已退回", "Returned"),
        "returnedSubmission": ("退回的报送", "Returned submission"),
        "fieldsToCorrect": ("项需要更正，见下方标注", "field(s) to correct, marked below"),
        "noLeadDepartment": ("（未指定）", "(none)"),
        // Finding things: filters, paging, exports, user editing, region groups.
        "planLabel": ("规划", "Plan"),
        "allPlans": ("全部规划", "All plans"),
        "domainLabel": ("领域", "Domain"),
        "allDomains": ("全部领域", "All domains"),
        "leadDepartment": ("牵头部门", "Lead department"),
        "codeOrName": ("代码或名称", "Code or name"),
        "clearFilters": ("清除筛选", "Clear filters"),
        "matching": ("符合条件", "Matching"),
        "downloadXLSX": ("下载 Excel", "Download Excel"),
        "downloadCSV": ("下载 CSV", "Download CSV"),
        "related": ("相关内容", "Related"),
        "regionIndicators": ("本地区指标进展", "Indicators in this region"),
        "regionCatalogue": ("本地区基本公共服务清单", "This region's service catalogue"),
        "regionPlans": ("本地区规划文件", "This region's plans"),
        "regionWarnings": ("本地区预警", "Warnings in this region"),
        "dateFrom": ("开始日期", "From"),
        "dateTo": ("结束日期", "To"),
        "previousPage": ("上一页", "Previous"),
        "nextPage": ("下一页", "Next"),
        "rowRange": ("第 %d–%d 条，共 %d 条", "Entries %d–%d of %d"),
        "noEntries": ("没有符合条件的记录", "No matching entries"),
        "timeCST": ("时间（北京时间）", "Time (China Standard Time)"),
        "edit": ("修改", "Edit"),
        "editUser": ("修改用户", "Edit user"),
        "save": ("保存", "Save"),
        "deactivate": ("停用", "Deactivate"),
        "reactivate": ("重新启用", "Reactivate"),
        "resetPassword": ("重设密码", "Reset password"),
        "newPassword": ("新密码", "New password"),
        "passwordNotShown": ("新密码保存后不再显示，请通过安全渠道告知用户；该用户的登录会话和令牌随即失效。",
                             "The new password is not shown again: tell the user by a safe channel. Their sessions and tokens end now."),
        "chooseRole": ("请选择角色", "Choose a role"),
        "notDepartmentID": ("“%@”不是部门编号", "\"%@\" is not a department ID"),
        "chooseActive": ("缺少启用或停用的选择", "Choose active or inactive"),
        "notInteger": ("“%@”不是整数", "\"%@\" is not a whole number"),
        "activeState": ("启用", "Active"),
        "inactiveState": ("停用", "Inactive"),
        "userInactive": ("该用户已停用，无法登录。", "This user is deactivated and cannot sign in."),
        "backToUsers": ("返回用户列表", "Back to users"),
        "departmentID": ("部门编号", "Department ID"),
        "groupSets": ("地区分组方案", "Region group sets"),
        "createGroupSet": ("新建分组方案", "New group set"),
        "groupsLabel": ("组", "Groups"),
        "groupsHelp": ("每行一组：代码 名称，如“district 市辖区”", "One group a line: code and name, e.g. \"district Districts\""),
        "groupLineWithoutName": ("第 %d 行“%@”缺少组名称（格式：代码 名称）", "Line %d \"%@\" has no group name (write: code name)"),
        "memberCount": ("已分组地区", "Regions assigned"),
        "scopeRegion": ("适用范围（上级地区代码）", "Scope (parent region code)"),
        "description": ("说明", "Description"),
        "assignGroups": ("分配各地区的组", "Assign each region to a group"),
        "unassigned": ("（未分组）", "(not assigned)"),
        "noGroupSets": ("尚无分组方案", "No group sets yet"),
        "severity": ("等级", "Severity"),
        "kindLabel": ("类型", "Kind"),
        "indicatorLabel": ("指标", "Indicator"),
        "detail": ("说明", "Detail"),
        "noWarnings": ("暂无预警", "No warnings"),
        "equalization": ("均等化分析", "Equalization"),
        "groupSetCode": ("分组方案代码（可选）", "Group set code (optional)"),
        "analyse": ("分析", "Analyse"),
        "benchmarkReach": ("达到基准 90% 的下级地区", "Children reaching 90% of the benchmark"),
        "missingData": ("缺少数据", "Missing data"),
        "measure": ("指标", "Measure"),
        "value": ("数值", "Value"),
        "group": ("组", "Group"),
        "groupRegionCount": ("地区数", "Regions"),
        "populationShare": ("人口占比", "Population share"),
        "mean": ("均值", "Mean"),
        "relativeMean": ("相对均值", "Relative mean"),
        "equalizationOverview": ("综合达标与综合指数", "Benchmark attainment and composite index"),
        "benchmarkRegion": ("基准地区代码（默认本级）", "Benchmark region (default: this one)"),
        "benchmarkRule": ("基准", "Benchmark"),
        "compositeGini": ("综合指数基尼系数", "Gini of the composite index"),
        "leftOut": ("因数据不全未计入综合指数", "Left out of the composite (incomplete)"),
        "reached": ("达到基准的指标数", "Indicators reaching the benchmark"),
        "share": ("占比", "Share"),
        "composite": ("综合指数", "Composite index"),
        "pendingFigure": ("待审核：", "Pending review: "),
        "incompleteYear": ("数据不全（覆盖 %d/%d）", "incomplete data (covers %d of %d)"),
        "noCompleteYear": ("没有数据完整的年份，显示最新年份（数据不全）", "No year has complete data: showing the latest year (incomplete)"),
        "trendLeavesOut": ("走势线不含数据不全的年份：%@", "The lines leave out years with incomplete data: %@"),
        "trendByYear": ("各年差距指数", "Indices by year"),
        "coverageLabel": ("覆盖", "Coverage"),
        "indicatorsCovered": ("有数据的指标", "Indicators with data"),
        "compositeCoverage": ("综合指数", "Composite index"),
        "giniLabel": ("基尼系数", "Gini"),
        "theilTLabel": ("泰尔指数T", "Theil T"),
        "catalogue": ("基本公共服务清单", "Service catalogue"),
        "catalogues": ("清单管理", "Catalogues"),
        "noCatalogues": ("尚无已发布的清单", "No published catalogue yet"),
        "diffTitle": ("版本比较", "Version diff"),
        "noChanges": ("两个版本的服务项目完全相同", "The two versions hold the same items"),
        "addedItems": ("新增项目", "Added"),
        "removedItems": ("删除项目", "Removed"),
        "changedItems": ("修改项目", "Changed"),
        "fieldLabel": ("字段", "Field"),
        "beforeLabel": ("修改前", "Before"),
        "afterLabel": ("修改后", "After"),
        "complianceTitle": ("与上级清单对照", "Compliance with the upper level"),
        "noFindings": ("未发现低于上级标准之处", "Nothing falls short of the upper level"),
        "removeItem": ("删除", "Remove"),
        "open": ("查看", "Open"),
        "editIndicator": ("修改指标属性", "Edit the indicator"),
        "breakdown": ("分组数据", "Breakdown"),
        "disaggregation": ("分组", "Disaggregation"),
        "valuesByYear": ("各年数值", "Values by year"),
        "view": ("查看", "View"),
        "comparatorLabel": ("目标比较方式", "Target comparator"),
        "rangeHigh": ("区间上限（区间目标）", "Upper bound (range targets)"),
        "figuresSubmitted": ("已提交 {count} 项数据：{items}{more}（报送 #{id}），等待审核",
                             "Submitted {count} figures: {items}{more} (submission #{id}), awaiting review"),
        "andMore": (" 等", " and more"),
        "fileImported": ("已导入“{file}”共 {count} 行（报送 #{id}），等待审核",
                         "Imported {count} rows from “{file}” (submission #{id}), awaiting review"),
        "storedRows": ("{indicator} {year} 年：{count} 行", "{indicator}, {year}: {count} rows"),
        "importWorking": ("正在导入…（{size}），大文件需要一些时间，请勿关闭页面", "Importing… ({size}); a large file takes a while, please keep this page open"),
        "planReadingWorking": ("正在读取规划文件…（{size}），请勿关闭页面", "Reading the plan document… ({size}); please keep this page open"),
        "uploadRejected": ("上传未导入任何数据：", "Nothing was imported: "),
        "upperVersionID": ("上级版本 ID", "Upper level's version ID"),
        "lowerVersionID": ("本级版本 ID", "This level's version ID"),
        "cancel": ("取消", "Cancel"),
        "documentRegionDiffers": ("请核对：本规划登记的地区与文件中识别的发文地区不同，文件中为", "Please check: the plan is filed under another region than the one the document names, which is"),
        "publishedCreated": ("已发布。创建了：", "Published. Created:"),
        "confirmPublish": ("确认发布规划", "Confirm publishing the plan"),
        "publishWillCreate": ("发布后将创建：", "Publishing will create:"),
        "publishCannotBeUndone": ("发布后规划不能再修改；指标、清单草稿、任务和工程可以在各自页面继续完善。", "A published plan cannot be changed; its indicators, draft catalogue, tasks and projects can still be completed on their own pages."),
        "confirmPublishButton": ("确认发布", "Publish"),
        "achievementsKept": ("已取得成绩（不作为目标）", "Achievements reported (not targets)"),
        "addItem": ("新增服务项目", "Add an item"),
        "compliance": ("对照上级", "Check against upper level"),
        "finder": ("我能享受哪些服务", "What am I entitled to?"),
        "finderHelp": ("填写您的情况（可只填部分），查看适用于您的基本公共服务项目。“可能适用”表示清单文字不足以判断，请向牵头部门确认。",
                       "Describe yourself (any fields) to see the services that apply. \"May apply\" means the catalogue text is not precise enough to tell: check with the lead department."),
        "catalogueSearch": ("搜索服务项目、对象、标准或部门", "Search items, beneficiaries, standards or departments"),
        "itemName": ("服务项目", "Service"),
        "targetPopulation": ("服务对象", "Who is served"),
        "content": ("服务内容", "What is provided"),
        "standard": ("服务指导标准", "Standard"),
        "funding": ("支出责任", "Who pays"),
        "lead": ("牵头负责单位", "Lead department"),
        "legalBasis": ("法律依据", "Legal basis"),
        "structuredStandard": ("标准中的数量", "Quantities in the standard"),
        "fundingShares": ("各级分担比例", "Shares by level of government"),
        "age": ("年龄", "Age"),
        "area": ("城乡", "Urban/rural"),
        "residency": ("户籍", "Residency"),
        "disability": ("残疾情况", "Disability"),
        "income": ("收入状况", "Income status"),
        "stage": ("在学阶段", "School stage"),
        "veteran": ("退役军人或优抚对象", "Veteran or entitled group"),
        "pregnant": ("孕产妇", "Pregnant"),
        "finder.area.urban": ("城镇", "Urban"),
        "finder.area.rural": ("农村", "Rural"),
        "finder.residency.hukou": ("本地户籍", "Local hukou"),
        "finder.residency.residencePermit": ("持居住证", "Residence permit"),
        "finder.residency.resident": ("常住", "Resident"),
        "finder.disability.notDisabled": ("无", "None"),
        "finder.disability.moderate": ("残疾（非重度）", "Disabled (not severely)"),
        "finder.disability.severe": ("重度残疾", "Severely disabled"),
        "finder.income.ordinary": ("一般", "Ordinary"),
        "finder.income.lowIncome": ("低收入", "Low income"),
        "finder.income.minimumLivingAllowance": ("低保", "Minimum living allowance"),
        "finder.income.extremePoverty": ("特困", "Extreme poverty"),
        "finder.stage.notInSchool": ("不在学", "Not in school"),
        "finder.stage.preschool": ("学前", "Preschool"),
        "finder.stage.compulsory": ("义务教育", "Compulsory education"),
        "finder.stage.seniorHigh": ("普通高中", "Senior high school"),
        "finder.stage.secondaryVocational": ("中职", "Secondary vocational"),
        "finder.stage.higher": ("高等教育", "Higher education"),
        "generatedCatalogueNote": ("由规划文件生成，待补全后发布", "Made from the plan document; complete it, then publish"),
        "planDraft": ("草稿", "Draft"),
        "summaryYear": ("（%@年）", " (%@)"),
        "summaryAchieved": ("［已取得］", "[achieved] "),
        "summaryLead": ("牵头", "Lead"),
        "summaryCooperating": ("配合", "Cooperating"),
        "noQuote": ("（无）", "(none)"),
        "catalogueOf": ("%@基本公共服务清单", "Service catalogue of %@"),
        "catalogueEdition": ("第 %d 版 · %@ 发布 · %d 项", "Version %d · published %@ · %d items"),
        "itemCountSuffix": ("项", "items"),
        "notImported": ("未导入：", "Not imported: "),
        "findServices": ("查看适用服务", "Show my services"),
        "applies": ("适用于您", "Applies to you"),
        "maybe": ("可能适用", "May apply"),
        "check": ("请确认", "To check"),
        "versionLabel": ("版本", "Version"),
        "itemsCount": ("项目数", "Items"),
        "actions": ("操作", "Actions"),
        "publicPage": ("公开页面", "Public page"),
        "diff": ("与已发布版本比较", "Diff with published"),
        "submitReview": ("提交审核", "Submit for review"),
        "publishLabel": ("发布", "Publish"),
        "newDraft": ("基于此版本新建草稿", "New draft from this"),
        "importCatalogue": ("导入清单", "Import a catalogue"),
        "importCatalogueHelp": ("XLSX、CSV 或 JSON，每行一个服务项目。列：项目编码、领域、服务项目、服务对象、服务内容、服务指导标准、支出责任、牵头负责单位、法律依据、上级项目编码（领域、服务项目必填；合并的领域单元格会向下沿用）。任何一行出错则整份不导入。",
                                "XLSX, CSV or JSON, one row per item. Columns: 项目编码, 领域, 服务项目, 服务对象, 服务内容, 服务指导标准, 支出责任, 牵头负责单位, 法律依据, 上级项目编码 (领域 and 服务项目 required; merged 领域 cells carry down). Any bad row rejects the file."),
        // Key tasks (重点任务): the ledger, a task and its reports, dashboards, periods.
        "keyTasks": ("重点任务", "Key tasks"),
        "myTasks": ("我的任务", "My tasks"),
        "taskLedger": ("重点任务台账", "Key task ledger"),
        "taskSupervision": ("督办总览", "Supervision overview"),
        "taskPeriods": ("填报周期", "Reporting periods"),
        "taskDepartmentNames": ("责任单位名称匹配", "Department names in plans"),
        "departmentDashboard": ("部门工作台", "Department dashboard"),
        "departmentTasks": ("本部门任务", "This department's tasks"),
        "serialNumber": ("序号", "No."),
        "taskLabel": ("任务", "Task"),
        "leadUnit": ("牵头单位", "Lead department"),
        "cooperatingUnits": ("配合单位", "Cooperating departments"),
        "supervisingUnit": ("督办单位", "Supervising office"),
        "dueBy": ("完成时限", "Due"),
        "dueByFilter": ("完成时限不晚于", "Due by"),
        "startsOn": ("开始日期", "Starts"),
        "endsOn": ("结束日期", "Ends"),
        "progressLabel": ("进度", "Progress"),
        "expectedProgress": ("序时进度", "Expected by now"),
        "colourLabel": ("灯色", "Colour"),
        "colourCounts": ("各灯色任务数", "Tasks by colour"),
        "allColours": ("全部灯色", "All colours"),
        "allKinds": ("全部类别", "All kinds"),
        "noTasks": ("没有符合条件的任务", "No matching tasks"),
        "importLedger": ("导入台账", "Import a ledger"),
        "uploadLedger": ("上传修改后的台账", "Upload an edited ledger"),
        "ledgerImportHelp": ("上传从本页下载并修改过的台账（XLSX 或 CSV），按任务编号匹配。先显示每处修改，确认后一次性导入；任何一行有误则整份不导入。",
                             "Upload a ledger downloaded here and edited (XLSX or CSV); rows are matched by task ID. Every change is shown first and applied together once confirmed; any bad row rejects the whole file."),
        "previewChanges": ("预览修改", "Preview the changes"),
        "ledgerPreview": ("导入将作出以下修改", "Importing makes these changes"),
        "unchangedRows": ("未修改的行", "Rows without changes"),
        "noChangesInFile": ("文件与当前台账相同，没有需要导入的修改。", "The file holds no changes to the ledger."),
        "applyLedger": ("确认导入全部修改", "Apply all the changes"),
        "ledgerApplied": ("已导入修改", "Changes applied"),
        "rowLabel": ("行", "Row"),
        "chooseFile": ("请选择要上传的文件", "Choose a file to upload"),
        "parentTask": ("上级任务", "Parent task"),
        "weightLabel": ("权重", "Weight"),
        "progressMethod": ("进度计算方式", "Progress computed"),
        "taskStatus": ("状态", "Status"),
        "quantifiedTarget": ("量化目标", "Quantified target"),
        "achievedLabel": ("已完成", "Achieved"),
        "overriddenBadge": ("人工调整", "Set by hand"),
        "provenanceLabel": ("规划原文", "In the plan"),
        "milestones": ("里程碑", "Milestones"),
        "milestoneLabel": ("里程碑", "Milestone"),
        "shareLabel": ("占比", "Share"),
        "milestoneDone": ("已完成", "Done"),
        "milestoneOpen": ("未完成", "Open"),
        "milestonesDone": ("本期完成的里程碑", "Milestones done"),
        "subtasks": ("子任务", "Sub-tasks"),
        "progressReport": ("进展报告", "Progress report"),
        "reportingPeriod": ("填报周期", "Reporting period"),
        "progressText": ("进展情况", "Progress made"),
        "problemsText": ("存在问题", "Problems"),
        "nextStepsText": ("下步打算", "Next steps"),
        "fundsUsed": ("资金使用（万元）", "Funds used (10,000 yuan)"),
        "percentDone": ("完成进度（%）", "Percent done"),
        "submitReport": ("报送", "Submit"),
        "returnedWithComment": ("报告已被督办单位退回，意见", "Returned by the supervising office with the comment"),
        "noOpenPeriod": ("目前没有填报中的周期。", "No reporting period is open."),
        "reportAwaitingReview": ("本期报告已报送，等待督办单位审核", "This period's report is submitted and awaits the supervising office"),
        "attachFile": ("附件", "Attachment"),
        "uploadAttachment": ("上传附件", "Upload the attachment"),
        "attachments": ("附件", "Attachments"),
        "reviewReport": ("审核进展报告", "Review the progress report"),
        "approveReport": ("审核通过", "Approve"),
        "returnReport": ("退回", "Return"),
        "contributionTitle": ("配合单位补充进展", "Cooperating department's part"),
        "reportHistory": ("历次进展报告", "Reports"),
        "approvedReportsOnly": ("仅显示督办单位审核通过的报告。", "Only reports approved by the supervising office are shown."),
        "noReports": ("暂无进展报告", "No reports yet"),
        "submittedAtLabel": ("报送时间", "Submitted"),
        "overrideColour": ("人工调整灯色", "Set the colour by hand"),
        "computedColour": ("按规则自动计算", "Computed by the rules"),
        "overrideReason": ("调整理由", "Reason"),
        "editTask": ("修改任务", "Edit the task"),
        "returnedReports": ("被退回的报告", "Returned reports"),
        "noReturnedReports": ("没有被退回的报告", "No returned reports"),
        "reportsDue": ("本期待报送", "Reports due this period"),
        "reportDueOn": ("报送截止", "Reports due"),
        "noReportsDue": ("本期报告均已报送", "Every report of the period is in"),
        "reportsToReview": ("待审核的进展报告", "Reports awaiting review"),
        "noReportsToReview": ("没有待审核的报告", "No reports await review"),
        "coloursByDepartment": ("各部门灯色统计", "Colours by department"),
        "coloursByRegion": ("各地区灯色统计", "Colours by region"),
        "progressFromSubtasks": ("按子任务加权汇总", "Rolled up from its sub-tasks by weight"),
        "taskSettings": ("灯色规则", "Colour rules"),
        "taskSettingsHelp": ("任务进度落后于序时进度超过黄灯幅度为黄灯，超过红灯幅度为红灯；距完成时限不足临期天数且未完成的任务为黄灯；逾期未完成为红灯。下级地区未设置时沿用本地区的规则。",
                             "A task more points behind its time-proportional progress than the yellow margin is yellow, more than the red margin red; one due within the due-soon days and not done is yellow; one past its due date is red. Regions below without their own rules use these."),
        "yellowLagLabel": ("黄灯：落后序时进度（百分点）", "Yellow: points behind schedule"),
        "redLagLabel": ("红灯：落后序时进度（百分点）", "Red: points behind schedule"),
        "dueSoonDaysLabel": ("临期天数", "Due-soon days"),
        "statusPercentsLabel": ("按状态计算进度时各状态的完成比例", "Progress each status stands for"),
        "saveSettings": ("保存规则", "Save rules"),
        "totalLabel": ("合计", "Total"),
        "lateTasks": ("滞后任务（红灯在前）", "Late tasks (red first)"),
        "frequencyLabel": ("周期", "Frequency"),
        "noPeriods": ("尚未开启填报周期", "No period opened yet"),
        "openPeriod": ("开启填报周期", "Open a period"),
        "dayInPeriod": ("周期内的任一日期", "Any day in the period"),
        "orYearQuarter": ("或选择年份和季度：", "Or choose a year and quarter:"),
        "quarterLabel": ("季度", "Quarter"),
        "quarterN": ("第%d季度", "Q%d"),
        "dueOnDefault": ("不填则为周期结束后 10 天。", "Left blank: ten days after the period ends."),
        "closePeriod": ("关闭", "Close"),
        "reopenPeriod": ("重新开启", "Reopen"),
        "unlockPeriod": ("为该部门解锁", "Unlock for the department"),
        "unlockReason": ("解锁原因", "Reason"),
        "unlockedFor": ("已解锁", "Unlocked for"),
        "chooseDepartment": ("请选择部门", "Choose a department"),
        "departmentNamesHelp": ("以下单位名称出现在规划的任务中，但未能匹配到已登记的部门。每个名称只需匹配一次，系统会记住，以后导入的规划自动沿用。",
                                "These names appear in the plans' tasks but match no registered department. Map each once: the mapping is remembered for the plans imported later."),
        "unitName": ("单位名称", "Name"),
        "taskCount": ("任务数", "Tasks"),
        "mapTo": ("对应部门", "Maps to"),
        "notADepartment": ("不是部门（如各乡镇人民政府）", "Not a department (e.g. the townships)"),
        "noUnmatchedNames": ("所有单位名称均已匹配", "Every name is matched"),
        "notANumber": ("“{value}”不是数字", "\"{value}\" is not a number"),
        "notADate": ("“{value}”不是日期（格式：2027-01-15）", "\"{value}\" is not a date (write 2027-01-15)"),
        "unknownChoice": ("没有“{value}”这个选项", "\"{value}\" is not one of the choices"),
        // Home: each role's dashboard.
        "homeHeadlines": ("主要指标", "Headline figures"),
        "homeNoHeadlines": ("暂无已审核的指标数据", "No approved figures yet"),
        "homeAllIndicators": ("全部指标", "All indicators"),
        "homeCoverage": ("{year} 年 {children} 个下级地区中 {reporting} 个有数据", "{reporting} of {children} lower-level regions have a {year} figure"),
        "homeNoCatalogue": ("本地区尚未发布基本公共服务清单", "This region has not published its service catalogue yet"),
        "homeOpenCatalogue": ("查看服务清单", "Open the service catalogues"),
        "homeItems": ("共 {count} 项", "{count} items"),
        "homeLatestReport": ("最新监测报告", "Latest monitoring report"),
        "homeNoPublishedReport": ("年度监测报告发布后将在此公开", "The annual monitoring report will be published here"),
        "homeLatestSurvey": ("满意度调查", "Satisfaction survey"),
        "homeSurveyIndex": ("综合满意度 {value}（95% 置信区间 {low}–{high}，样本 {n}）", "Overall satisfaction {value} (95% confidence interval {low}–{high}, n = {n})"),
        "homeSurveyNoIndex": ("样本 {n}，尚无可公布的综合指数", "n = {n}; no overall index can be published yet"),
        "homeNoSurvey": ("满意度调查开展后将在此公开结果", "Satisfaction survey results will be published here"),
        "homeIndicatorsByStatus": ("指标进展", "Indicators by status"),
        "homeMissingFigures": ("缺少数据", "Data missing"),
        "homeMissingFiguresHelp": ("本地区及下级地区中，应报年份尚无已审核数据的指标（按指标 × 地区计）。",
                                   "Indicators without an approved figure for the year that is due, counted by indicator × region over this region and the regions below it."),
        "homePlanDrafts": ("待处理的规划草稿", "Plan drafts awaiting work"),
        "homeNoPlanDrafts": ("没有待处理的规划草稿", "No plan drafts await work"),
        "homeReportsDue": ("待编制的监测报告", "Reports due"),
        "homeNoReportsDue": ("目前没有到期的监测报告", "No report is due"),
        "homeDueBy": ("截止 ", "Due "),
        "homeSubmissionsToReview": ("待审核的数据报送（最早的在前）", "Submissions awaiting review (oldest first)"),
        "homeNoSubmissionsToReview": ("没有待审核的数据报送", "No submissions await review"),
        "homeCataloguesToReview": ("待审核的清单版本", "Catalogue versions awaiting review"),
        "homeNoCataloguesToReview": ("没有待审核的清单版本", "No catalogue versions await review"),
        "homeRows": (" 行", " rows"),
        "homeFiguresDue": ("应报送的数据", "Figures to report"),
        "homeYearDue": ("{year} 年数据，截止 {deadline}", "{year} figures, due by {deadline}"),
        "homeOverdue": ("已逾期", "Overdue"),
        "homeNoFiguresDue": ("应报数据均已报送", "Every figure due is in"),
        "homeReturnedSubmissions": ("退回修改的报送", "Submissions returned for correction"),
        "homeNoReturnedSubmissions": ("没有退回的报送", "No returned submissions"),
        "jobPlanIngest": ("正在读取规划文件", "Reading the plan file"),
        "jobReportPublish": ("正在发布报告", "Publishing the report"),
        "jobStatus": ("状态", "Status"),
        "jobStatus.queued": ("排队中", "Queued"),
        "jobStatus.running": ("处理中", "Running"),
        "jobStatus.done": ("已完成", "Done"),
        "jobStatus.failed": ("失败", "Failed"),
        "jobAttempts": ("第 {attempts} 次尝试，最多 {max} 次", "attempt {attempts} of at most {max}"),
        "jobWaiting": ("服务器正在后台处理，本页每 2 秒自动刷新，完成后自动打开结果。可以离开本页，稍后回来查看。",
                       "The server is working on it in the background. This page reloads every 2 seconds and opens the result when it is done; you may leave and come back later."),
        "jobError": ("原因", "Reason"),
        "jobReload": ("刷新", "Reload"),
        "jobBack": ("返回", "Back"),
    ]
}
