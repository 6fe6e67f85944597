import Foundation
import JunhengApp
import JunhengCore
import Storage

/// `Home/home`: the home page of each reader (see ``Dashboard``), one card per thing to see or do,
/// each count linked to the page that lists what it counts. A part the reader's role does not use
/// is nil and renders nothing.
struct HomePage {
    /// A count of indicators in one progress status: the chip of the indicator pages, linked to
    /// the region's indicators in that status.
    struct StatusCount {
        let value: String
        let name: String
        let count: Int
        let colour: String
        let textColour: String
    }

    /// A thing waiting (a submission, a plan draft, a catalogue version), with its link.
    struct Item {
        let link: String
        let title: String
        let detail: String
    }

    /// A card listing things that wait, headed by their count linked to the page that lists them.
    struct Queue {
        let id: String
        let heading: String
        let count: Int
        let link: String
        let items: [Item]
        let empty: String

        init(_ id: String, heading: String, link: String, items: [Item], empty: String, language: Language) {
            self.id = id
            self.heading = language.text(heading)
            count = items.count
            self.link = link
            self.items = items
            self.empty = language.text(empty)
        }
    }

    /// A figure the reporter still has to send: the indicator, and the year's data-entry form.
    struct FigureDue {
        let indicatorID: Int64
        let name: String
        let unit: String
        let link: String
    }

    /// The figures due for one year, with their deadline.
    struct YearDue {
        /// "2020 年数据，截止 2021-03-31".
        let heading: String
        let overdue: Bool
        let link: String
        let figures: [FigureDue]
    }

    /// A public headline figure: the indicator's row (value, year, unit, sparkline, status) and
    /// how many of the region's children have a figure for that year.
    struct Headline {
        let row: ProgressRowView
        let coverage: String?
    }

    struct Planning {
        let statuses: [StatusCount]
        let indicatorCount: Int
        let warnings: [WarningsPage.Row]
        let warningCount: Int
        let missingFigures: Int
        let queues: [Queue]
    }

    struct Reporting {
        let dataLink: String
        let figuresDueCount: Int
        let years: [YearDue]
        let returnedSubmissions: Queue
        let taskReportsDue: [DepartmentPage.Due]
        let taskReportsReturned: [DepartmentPage.Returned]
    }

    struct Public {
        let catalogueLink: String
        let catalogue: Item?
        let headlines: [Headline]
        let latestReport: Item?
        let latestSurvey: Item?
    }

    let regionCode: String
    let regionName: String
    let planning: Planning?
    /// What waits for a reviewer: one card per kind of review the reader does.
    let review: [Queue]
    let reporting: Reporting?
    let publicView: Public?

    init(_ home: HomeDashboard, today: CalendarDay, language: Language) {
        let region = home.region.code.rawValue
        regionCode = region
        regionName = home.region.name
        let (open, close) = (language.punctuation.open, language.punctuation.close)
        func submission(_ record: SubmissionRecord) -> Item {
            Item(link: "/submissions/\(record.id)", title: "\(language.text("submission")) #\(record.id)",
                 detail: "\(record.regionCode.rawValue) · \(record.year) · \(record.rowCount)\(language.text("homeRows"))")
        }

        planning = home.planning.map { planning in
            Planning(
                statuses: ProgressStatus.allCases.map { status in
                    let chart = MonitoringPages.chartStatus(status)
                    return StatusCount(value: status.rawValue, name: status.name(in: language), count: planning.statusCounts[status] ?? 0,
                                       colour: chart.colour, textColour: chart.textColour)
                },
                indicatorCount: planning.statusCounts.values.reduce(0, +),
                warnings: planning.topWarnings.map { WarningsPage.Row($0, language: language) },
                warningCount: planning.warningCount, missingFigures: planning.missingFigures,
                queues: [
                    Queue("plan-drafts", heading: "homePlanDrafts", link: "/plans", items: planning.planDrafts.map {
                        Item(link: "/plans/\($0.id)", title: $0.title, detail: $0.documentNumber)
                    }, empty: "homeNoPlanDrafts", language: language),
                    Queue("reports-due", heading: "homeReportsDue", link: "/reports", items: planning.reportsDue.map { due in
                        Item(link: due.reportID.map { "/reports/\($0)" } ?? "/reports#new",
                             // A draft keeps its own title; one not started is named in the page's language.
                             title: due.reportID != nil || language == .chinese ? due.title
                                 : language.fill("homeReportDueTitle", ["kind": language.text("report.kind." + due.kind.rawValue),
                                                                       "year": String(due.year)]),
                             detail: due.dueOn.map { language.text("homeDueBy") + $0.description } ?? String(due.year))
                    }, empty: "homeNoReportsDue", language: language),
                ])
        }

        var review: [Queue] = []
        if let submissions = home.review?.submissions {
            review.append(Queue("submissions-to-review", heading: "homeSubmissionsToReview", link: "/submissions",
                                items: submissions.map(submission), empty: "homeNoSubmissionsToReview", language: language))
        }
        if let reports = home.review?.taskReports {
            review.append(Queue("task-reports-to-review", heading: "reportsToReview", link: "/tasks/supervision", items: reports.map {
                Item(link: "/tasks/\($0.task.task.id)#report", title: $0.task.task.title, detail: "\($0.task.leadName) · \($0.task.regionName)")
            }, empty: "noReportsToReview", language: language))
        }
        if let versions = home.review?.catalogueVersions {
            review.append(Queue("catalogues-to-review", heading: "homeCataloguesToReview", link: "/catalogues", items: versions.map {
                Item(link: "/catalogues/\($0.id)", title: $0.title,
                     detail: "\($0.regionCode.rawValue) · \(language.fill("homeItems", ["count": String($0.itemCount)]))")
            }, empty: "homeNoCataloguesToReview", language: language))
        }
        self.review = review

        reporting = home.reporting.map { reporting in
            let code = reporting.region.rawValue
            let years = Dictionary(grouping: reporting.missingFigures, by: \.year).sorted { $0.key < $1.key }.map { year, figures in
                YearDue(heading: language.fill("homeYearDue", ["year": String(year), "deadline": figures[0].deadline.description]),
                        overdue: figures[0].deadline < today,
                        link: "/data?region=\(code)&year=\(year)",
                        figures: figures.map {
                            FigureDue(indicatorID: $0.indicator.id, name: $0.indicator.name, unit: $0.indicator.unit,
                                      link: "/indicators/\($0.indicator.id)?region=\(code)")
                        })
            }
            return Reporting(
                dataLink: "/data?region=\(code)", figuresDueCount: reporting.missingFigures.count, years: years,
                returnedSubmissions: Queue("returned-submissions", heading: "homeReturnedSubmissions", link: "/submissions",
                                           items: reporting.returnedSubmissions.map(submission), empty: "homeNoReturnedSubmissions",
                                           language: language),
                taskReportsDue: reporting.taskReports.due.map {
                    DepartmentPage.Due(taskID: $0.task.task.id, title: $0.task.task.title,
                                       period: TaskFormat.period($0.period.window, in: language),
                                       dueOn: $0.period.window.dueOn.description)
                },
                taskReportsReturned: reporting.taskReports.returned.map {
                    DepartmentPage.Returned(taskID: $0.task.task.id, title: $0.task.task.title, period: "",
                                            comment: $0.report.reviewComment)
                })
        }

        publicView = home.publicView.map { view in
            Public(
                catalogueLink: view.catalogue.map { "/catalogue/\($0.regionCode.rawValue)" } ?? "/catalogue",
                catalogue: view.catalogue.map {
                    Item(link: "/catalogue/\($0.regionCode.rawValue)", title: $0.title,
                         detail: language.fill("homeItems", ["count": String($0.itemCount)]))
                },
                headlines: view.headlines.map { headline in
                    Headline(row: ProgressRowView(headline.row, language: language),
                             coverage: headline.children == 0 ? nil : language.fill("homeCoverage", [
                                 "reporting": String(headline.childrenReporting), "children": String(headline.children),
                                 "year": String(headline.year)]))
                },
                latestReport: view.latestReport.map {
                    Item(link: "/reports/\($0.reportID)", title: $0.title, detail: "\(open)\($0.publishedOn)\(close)")
                },
                latestSurvey: view.latestSurvey.map { survey in
                    let detail: String
                    if let cell = survey.overall, let value = cell.value, let low = cell.lowerBound, let high = cell.upperBound {
                        detail = language.fill("homeSurveyIndex", ["value": String(format: "%.1f", value), "low": String(format: "%.1f", low),
                                                                   "high": String(format: "%.1f", high), "n": String(cell.respondents)])
                    } else {
                        detail = language.fill("homeSurveyNoIndex", ["n": String(survey.respondents)])
                    }
                    return Item(link: "/surveys/\(survey.surveyID)", title: survey.title, detail: detail)
                })
        }
    }
}
