import JunhengCore
import Testing

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy()
    let hebei = RegionCode(rawValue: "130000")!
    let xingtai = RegionCode(rawValue: "130500")!
    let linchen = RegionCode(rawValue: "130522")!
    let neiqiu = RegionCode(rawValue: "130523")!

    var linchenPath: [RegionCode] { [linchen, xingtai, hebei] }
    var neiqiuPath: [RegionCode] { [neiqiu, xingtai, hebei] }

    @Test func reporterMayActInOwnCounty() {
        let decision = policy.decide(role: .regionReporter, scope: AccessScope(regionCode: linchen),
                                     permission: .submitData, targetRegionPath: linchenPath)
        #expect(decision == .allowed)
    }

    @Test func reporterOfOneCountyIsDeniedForItsNeighbour() {
        let decision = policy.decide(role: .regionReporter, scope: AccessScope(regionCode: linchen),
                                     permission: .submitData, targetRegionPath: neiqiuPath)
        #expect(!decision.isAllowed)
    }

    @Test func reporterMayNotActForItsParentCity() {
        let decision = policy.decide(role: .regionReporter, scope: AccessScope(regionCode: linchen),
                                     permission: .submitData, targetRegionPath: [xingtai, hebei])
        #expect(!decision.isAllowed)
    }

    @Test func cityPlannerCoversEveryCountyOfTheCity() {
        for path in [linchenPath, neiqiuPath, [xingtai, hebei]] {
            #expect(policy.decide(role: .planner, scope: AccessScope(regionCode: xingtai),
                                  permission: .manageRegions, targetRegionPath: path) == .allowed)
        }
    }

    @Test func roleWithoutThePermissionIsDeniedEvenInScope() {
        let decision = policy.decide(role: .regionReporter, scope: AccessScope(regionCode: linchen),
                                     permission: .publishCatalogue, targetRegionPath: linchenPath)
        #expect(!decision.isAllowed)
        #expect(!policy.decide(role: .reviewer, scope: AccessScope(regionCode: xingtai),
                               permission: .editCatalogue, targetRegionPath: linchenPath).isAllowed)
    }

    @Test func departmentEditorIsLimitedToOwnDepartment() {
        let scope = AccessScope(regionCode: xingtai, departmentID: 7)
        #expect(policy.decide(role: .departmentEditor, scope: scope, permission: .editCatalogue,
                              targetRegionPath: [xingtai, hebei], targetDepartmentID: 7) == .allowed)
        #expect(!policy.decide(role: .departmentEditor, scope: scope, permission: .editCatalogue,
                               targetRegionPath: [xingtai, hebei], targetDepartmentID: 8).isAllowed)
    }

    @Test func onlyAdminsMayBeUnscoped() {
        #expect(policy.decide(role: .admin, scope: AccessScope(regionCode: nil), permission: .manageUsers,
                              targetRegionPath: neiqiuPath) == .allowed)
        #expect(!policy.decide(role: .planner, scope: AccessScope(regionCode: nil), permission: .manageRegions,
                               targetRegionPath: neiqiuPath).isAllowed)
    }

    @Test func scopedAdminCannotActOutsideItsProvince() {
        let guangdong: [RegionCode] = [RegionCode(rawValue: "440100")!, RegionCode(rawValue: "440000")!]
        #expect(!policy.decide(role: .admin, scope: AccessScope(regionCode: hebei), permission: .manageUsers,
                               targetRegionPath: guangdong).isAllowed)
    }

    @Test func grantingIsLimitedToOwnPowersAndSubtree() {
        let provincialAdmin = AccessScope(regionCode: hebei)
        #expect(policy.mayGrant(actorRole: .admin, actorScope: provincialAdmin, newRole: .planner,
                                newScopePath: [xingtai, hebei]) == .allowed)
        // Outside the subtree.
        #expect(!policy.mayGrant(actorRole: .admin, actorScope: provincialAdmin, newRole: .planner,
                                 newScopePath: [RegionCode(rawValue: "440000")!]).isAllowed)
        // A scoped admin cannot mint a nationwide account.
        #expect(!policy.mayGrant(actorRole: .admin, actorScope: provincialAdmin, newRole: .admin, newScopePath: []).isAllowed)
        // Nobody but admins manages users at all.
        #expect(!policy.mayGrant(actorRole: .planner, actorScope: AccessScope(regionCode: xingtai), newRole: .regionReporter,
                                 newScopePath: linchenPath).isAllowed)
    }

    @Test func everyRoleHasTheDocumentedPowers() {
        #expect(Role.admin.permissions == Set(Permission.allCases))
        #expect(Role.reviewer.permissions.contains(.publishCatalogue))
        #expect(Role.reviewer.permissions.contains(.reviewData))
        #expect(Role.regionReporter.permissions == [.manageTownships, .submitData, .reportTasks, .interviewRespondents])
        #expect(!Role.departmentEditor.permissions.contains(.manageUsers))
    }

    /// A refusal names the missing permission in words, not as a code.
    @Test func aRefusalNamesTheMissingPermissionInWords() {
        let decision = AccessPolicy().decide(role: .reviewer, scope: AccessScope(regionCode: RegionCode(rawValue: "130500")!),
                                             permission: .submitData, targetRegionPath: [RegionCode(rawValue: "130500")!])
        #expect(decision == .denied("角色“审核员”没有“填报监测数据”的权限"))
        #expect(Permission.allCases.allSatisfy { !$0.chineseName.isEmpty && $0.chineseName != $0.rawValue })
    }

    // MARK: shared objects, departments, four eyes (issue 16)

    @Test func aSharedObjectIsOwnedByTheLowestRegionAboveEveryUser() {
        let shijiazhuang = RegionCode(rawValue: "130100")!
        // The city's plan set it and both counties report it: the city owns it.
        #expect(policy.owningRegion(ofPaths: [[xingtai, hebei], linchenPath, neiqiuPath]) == xingtai)
        // Only the county uses it: the county owns it.
        #expect(policy.owningRegion(ofPaths: [linchenPath]) == linchen)
        // Two counties of the city, no city target: still the city's to change, not either county's.
        #expect(policy.owningRegion(ofPaths: [linchenPath, neiqiuPath]) == xingtai)
        #expect(policy.owningRegion(ofPaths: [linchenPath, [shijiazhuang, hebei]]) == hebei)
        #expect(policy.owningRegion(ofPaths: [linchenPath, [RegionCode(rawValue: "110000")!]]) == nil)
        #expect(policy.owningRegion(ofPaths: []) == nil)
        // A county planner is refused over the owning city; the city planner is not.
        let owner = policy.owningRegion(ofPaths: [[xingtai, hebei], linchenPath])!
        #expect(policy.decide(role: .planner, scope: AccessScope(regionCode: linchen), permission: .manageIndicators,
                              targetRegionPath: [owner, hebei]) == .denied("地区 130500 不在用户管辖范围 130522 内"))
        #expect(policy.decide(role: .planner, scope: AccessScope(regionCode: xingtai), permission: .manageIndicators,
                              targetRegionPath: [owner, hebei]) == .allowed)
    }

    @Test func aDepartmentEditorWritesOnlyWhatIsAllTheirDepartments() {
        let scope = AccessScope(regionCode: xingtai, departmentID: 7)
        #expect(policy.decideDepartments(role: .departmentEditor, scope: scope, objectDepartments: [7, 7]) == .allowed)
        #expect(policy.decideDepartments(role: .departmentEditor, scope: scope, objectDepartments: [7, 8])
                == .denied("该内容属于其他部门"))
        // An item of no department is not theirs either.
        #expect(policy.decideDepartments(role: .departmentEditor, scope: scope, objectDepartments: [7, nil])
                == .denied("该内容属于其他部门"))
        #expect(policy.decideDepartments(role: .departmentEditor, scope: AccessScope(regionCode: xingtai), objectDepartments: [])
                == .denied("部门填报员未指定所属部门"))
        for role in [Role.admin, .planner, .regionReporter, .reviewer] {
            #expect(policy.decideDepartments(role: role, scope: AccessScope(regionCode: xingtai), objectDepartments: [8, nil]) == .allowed)
        }
    }

    @Test func nobodyReviewsTheirOwnWorkAdministratorsIncluded() {
        #expect(policy.mayReview(reviewer: 1, authors: [1, 2]) == .denied("不能审核自己提交的内容"))
        #expect(policy.mayReview(reviewer: 1, authors: [nil, 2]) == .allowed)
        // The system (no user) binds nobody and is bound by nothing.
        #expect(policy.mayReview(reviewer: nil, authors: [nil]) == .allowed)
    }
}
