import JunhengCLI

/// The `junheng` command; everything it does lives in JunhengCLI, where tests can run it in-process.
@main
enum Main {
    static func main() async {
        await JunhengCommand.main()
    }
}
