/// Minimum rules for a password; bcrypt handles the rest.
public enum PasswordPolicy {
    public static let minimumLength = 8
    /// bcrypt only reads the first 72 bytes; longer passwords would be silently truncated.
    public static let maximumUTF8Length = 72

    /// Returns a reason in Chinese when the password is unacceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "密码至少需要 \(minimumLength) 个字符" }
        if password.utf8.count > maximumUTF8Length { return "密码不能超过 \(maximumUTF8Length) 字节" }
        return nil
    }
}
