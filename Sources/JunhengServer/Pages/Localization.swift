/// Page language: Chinese by default, English on request (`?lang=en`, remembered in a cookie).
public enum Language: String, Sendable, CaseIterable {
    case chinese = "zh"
    case english = "en"

    var htmlCode: String { self == .chinese ? "zh-CN" : "en" }

    /// UI strings for templates, as `{{t.key}}`. Data (region names, plan text) stays Chinese.
    var strings: [String: String] {
        Dictionary(uniqueKeysWithValues: UIStrings.table.map { key, pair in
            (key, self == .chinese ? pair.zh : pair.en)
        })
    }
}

enum UIStrings {
    static let table: [String: (zh: String, en: String)] = [
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
        "regionCount": ("已载入地区", "Regions loaded"),
        "userCount": ("用户数", "Users"),
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
        "ingestHelp": ("上传网页或文本格式的规划文件（UTF-8、GBK 或 UTF-16 均可）。系统修复文本、转为简体，并提取服务项目、目标指标、重点任务和工程，供逐条审核后发布。",
                       "Upload a plan as a web page or text (UTF-8, GBK or UTF-16). Junheng repairs the text, converts it to simplified characters and proposes its service items, targets, tasks and projects for review before publishing."),
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
        "repairedText": ("修复后的文本", "Repaired text"),
        "kindItem": ("服务项目", "Service item"),
        "kindTarget": ("目标指标", "Target"),
        "kindTask": ("重点任务", "Task"),
        "kindProject": ("重点工程", "Project"),
        "pendingShort": ("待审核", "pending"),
        "edited": ("已修改", "edited"),
        "accept": ("采纳", "Accept"),
        "saveEdit": ("保存修改", "Save edit"),
        "drop": ("舍弃", "Drop"),
    ]
}
