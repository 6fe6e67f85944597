import Testing

/// A short plan for the tests of adding what the ingester missed (issue 15, point 7): the ingester
/// reads the first target and the task, not the second sentence (a Chinese amount after 不少于);
/// the third has traditional characters, converted on reading. Its region is Xingtai (130500).
public enum SupplementaryPlan {
    public static let document = """
        邢台市基本公共服务补充规划（2021—2025年）
        邢台市人民政府
        一、发展目标
        到2025年，全市学前三年毛入园率达到92%。
        全市每万人拥有公共文化设施面积不少于一千二百平方米。
        全市人均體育場地面積由1.8平方米提高到2.6平方米。
        二、重点任务
        （一）推进城乡义务教育一体化发展（责任单位：市教育局、市财政局）

        """

    /// The target sentence the ingester does not read.
    public static let missedTarget = "全市每万人拥有公共文化设施面积不少于一千二百平方米。"

    /// Where `words` stand in `text`, in Unicode scalars (as the review page and the API count).
    public static func offsets(of words: String, in text: String) throws -> Range<Int> {
        let scalars = Array(text.unicodeScalars), wanted = Array(words.unicodeScalars)
        let start = try #require((0...max(0, scalars.count - wanted.count)).first {
            $0 + wanted.count <= scalars.count && Array(scalars[$0..<($0 + wanted.count)]) == wanted
        }, "“\(words)” is not in the text")
        return start..<(start + wanted.count)
    }
}
