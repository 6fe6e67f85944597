import ArgumentParser
import Foundation
import JunhengCore
import JunhengApp
#if canImport(Glibc)
import Glibc
#endif

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage user accounts: add, list, passwd, token, deactivate.",
        subcommands: [Add.self, List.self, Passwd.self, Token.self, Deactivate.self])

    /// The password from stdin (`--password-stdin`), $JUNHENG_PASSWORD, or an interactive prompt.
    struct PasswordInput: ParsableArguments {
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func read() throws -> String {
            if passwordStdin {
                guard let line = Swift.readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
                return line
            }
            if let fromEnvironment = ProcessInfo.processInfo.environment["JUNHENG_PASSWORD"], !fromEnvironment.isEmpty {
                return fromEnvironment
            }
            guard let typed = getpass("Password: ").map({ String(cString: $0) }), !typed.isEmpty else {
                throw ValidationError("a password is required (--password-stdin, $JUNHENG_PASSWORD or the prompt)")
            }
            return typed
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user.",
            discussion: """
                Roles: admin, planner, department_editor, region_reporter, reviewer.
                Every role except admin needs --region; department_editor also needs --department (an ID
                from the departments API). Example:
                  echo 's3cret-pass' | junheng user add --username linchen --role region_reporter --region 130522 --password-stdin
                """)
        @Option(help: "Login name.") var username: String
        @Option(help: "Role: admin, planner, department_editor, region_reporter or reviewer.") var role: Role
        @Option(help: "Region code the user is scoped to (omit only for a nationwide admin).") var region: String?
        @Option(help: "Department ID (department editors).") var department: Int64?
        @Option(help: "Full name shown in pages and the audit log.") var displayName: String?
        @OptionGroup var password: PasswordInput
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let regionCode = try region.map(Regions.code)
            let password = try password.read()
            let user = try await withApp(databaseOptions) { app in
                try await app.accounts.createUser(username: username, displayName: displayName ?? "", password: password, role: role,
                                                  regionCode: regionCode?.rawValue, departmentID: department, actor: .system("user add"))
            }
            if json { try printJSON(user) } else { print("created user \(user.username) (\(user.role.rawValue), id \(user.id))") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let users = try await withApp(databaseOptions) { try await $0.accounts.users(actor: .system("user list")) }
            if json { return try printJSON(users) }
            for user in users {
                print("\(user.id)\t\(user.username)\t\(user.role.rawValue)\t\(user.regionCode?.rawValue ?? "全国")\t\(user.active ? "active" : "inactive")")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (ends their sessions and tokens).")
        @Argument(help: "Login name.") var username: String
        @OptionGroup var password: PasswordInput
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let password = try password.read()
            try await withApp(databaseOptions) { app in
                try await app.accounts.setPassword(username: username, password: password, actor: .system("user passwd"))
            }
            print("password changed for \(username)")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API bearer token for a user and print it (shown once).",
            discussion: "Use it as: curl -H 'Authorization: Bearer <token>' http://127.0.0.1:8080/api/v1/me")
        @Argument(help: "Login name.") var username: String
        @Option(help: "A label for the token.") var name = "cli"
        @Option(help: "Days until it expires.") var days = 90
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let issued = try await withApp(databaseOptions) { app in
                try await app.accounts.createToken(username: username, name: name, days: days, actor: .system("user token"))
            }
            print(issued.token)
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user's login (sessions end at once).")
        @Argument(help: "Login name.") var username: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            _ = try await withApp(databaseOptions) { app in
                try await app.accounts.deactivate(username: username, actor: .system("user deactivate"))
            }
            print("deactivated \(username)")
        }
    }
}

extension Role: ExpressibleByArgument {}
