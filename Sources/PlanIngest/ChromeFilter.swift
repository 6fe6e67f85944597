/// Recognises web-page chrome: view counters, page dates, link lines, share/QR prompts,
/// navigation, site footers and keyword-stuffed spam lines.
enum ChromeFilter {
    private static let markers = Lit.list([
        "浏览量", "瀏覽量", "浏览次数", "阅读次数", "阅读量", "点击数", "点击量", "访问量", "访问次数",
        "字号", "字体:", "打印本页", "打印此页", "关闭窗口", "【打印】", "【关闭】", "分享到", "扫描二维码", "扫一扫",
        "二维码", "微信公众号", "关注我们", "本文链接", "本文地址", "原文链接", "本文关键词", "相关阅读", "相关政策",
        "相关文章", "相关链接", "最新政策", "最新文章", "上一篇", "下一篇", "返回顶部", "返回首页", "版权所有",
        "Copyright", "copyright", "ICP备", "网站地图", "联系我们", "主办单位", "承办单位", "技术支持", "网站标识码",
        "公网安备", "当前位置", "您现在的位置", "您的位置", "信息来源", "发布时间", "发布日期", "发文日期", "来源:",
        "http://", "https://", "www.", "//www", ".html", ".htm", ".shtml", "门户网站", "无障碍浏览", "长者模式", "索引号",
        "政务公开 >", "政务公开>", "首页 >", "首页>", "首页 》", "首页》",
    ])
    /// Page timestamps such as `时间:2019-01-19 04:55:28`.
    private static let timeMarkers = Lit.list(["时间:", "时间：", "時間:", "时间 :", "日期:", "日期："])
    private static let spam = Lit.list([
        "无码", "黄片", "一级片", "鸡巴", "色情", "成人视频", "视频在线观看", "在线观看", "午夜", "av", "AV", "彩票",
        "博彩", "娱乐城", "赌场", "棋牌", "澳门", "约炮",
    ])
    private static let maxChromeLength = 80

    /// Whether the line `s[start..<end]` is page chrome rather than document text.
    static func isChrome(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length > 0 else { return false }
        if length <= maxChromeLength {
            if markers.contains(where: { s.contains($0, in: start..<end) }) { return true }
            if timeMarkers.contains(where: { s.contains($0, in: start..<end) }), hasDigits(s, start, end) { return true }
            if s[start..<end].filter({ $0 == "_" || $0 == "|" }).count >= 2 { return true }
            // A breadcrumb: `首页 > 政务公开 > 规划计划`.
            if s[start..<end].filter({ $0 == ">" || $0 == "＞" || $0 == "»" || $0 == "›" }).count >= 2 { return true }
        }
        let spamHits = spam.filter { s.contains($0, in: start..<end) }.count
        return spamHits >= 2
    }

    private static func hasDigits(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        s[start..<end].filter(CharClass.isDigit).count >= 4
    }
}
