import Foundation
import JunhengCore
import Storage

/// What an actor may do on a task or in a region's tasks, so that pages offer only the forms that
/// the use cases would accept (each use case still checks on its own).
public struct TaskRights: Sendable, Equatable {
    /// File the lead department's report (save, submit, attach files).
    public var mayReport: Bool
    /// Return or approve submitted reports, as the supervising office.
    public var maySupervise: Bool
    /// Edit the task, open and close periods, map department names.
    public var mayManage: Bool
    /// Read reports that are not approved yet.
    public var maySeeUnapproved: Bool
    /// The cooperating department the actor adds its part for, when it is one of the task's.
    public var contributingDepartmentID: Int64?

    public static let none = TaskRights(mayReport: false, maySupervise: false, mayManage: false, maySeeUnapproved: false,
                                        contributingDepartmentID: nil)
}

extension TaskUseCases {
    /// The actor's rights on one task; nothing for the public.
    public func rights(on task: TaskRecord, actor: Actor) async throws -> TaskRights {
        guard actor.user != nil || actor.isSystem else { return .none }
        var mayReport = true
        do { try await requireReporter(on: task, actor: actor) } catch { mayReport = false }
        var contributing: Int64?
        if let department = actor.user?.scope.departmentID, task.cooperating.contains(where: { $0.departmentID == department }),
           (try? await app.access.authorize(.reportTasks, region: task.regionCode, department: department, actor: actor)) != nil {
            contributing = department
        }
        return TaskRights(mayReport: mayReport,
                          maySupervise: try await app.access.allows(.superviseTasks, region: task.regionCode, actor: actor),
                          mayManage: try await app.access.allows(.manageTasks, region: task.regionCode, actor: actor),
                          maySeeUnapproved: try await maySeeUnapproved(task, actor: actor),
                          contributingDepartmentID: contributing)
    }

    /// Whether the actor manages the tasks of a region (periods, department names, edits).
    public func mayManage(region: RegionCode, actor: Actor) async throws -> Bool {
        try await app.access.allows(.manageTasks, region: region, actor: actor)
    }

    /// Whether the actor reads a region's reports that are not approved yet (those who file,
    /// supervise or manage them).
    public func maySeeUnapproved(region: RegionCode, actor: Actor) async throws -> Bool {
        for permission in [Permission.reportTasks, .superviseTasks, .manageTasks]
        where try await app.access.allows(permission, region: region, actor: actor) { return true }
        return false
    }
}
