//! Fails when any corpus passes fewer cases than `baseline.txt` records for it, or runs fewer
//! cases than it did (a corpus whose fixtures went missing must not pass vacuously).

#[test]
fn pass_rates_do_not_drop_below_baseline() {
    let settings = conformance::Settings::from_env(
        |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
        std::env::temp_dir(),
    );
    let reports = conformance::run(&settings);
    let mut regressions = Vec::new();
    for base in conformance::baseline() {
        let name = &base.name;
        let Some(report) = reports.iter().find(|r| r.name == name.as_str()) else {
            regressions.push(format!("corpus {name} is in baseline.txt but was not run"));
            continue;
        };
        println!(
            "{name}: {:.1}% of {} cases (minimum {:.1}% of {})",
            report.rate(),
            report.total(),
            base.rate,
            base.cases
        );
        if report.total() < base.cases && !servers_configured() {
            test_support::skip(&format!(
                "{name}: ran {} of {} cases: a database server is not configured",
                report.total(),
                base.cases
            ));
            continue;
        }
        if report.total() < base.cases {
            regressions.push(format!(
                "{name}: ran {} cases, fewer than the {} recorded (fixtures missing, or a \
                 database server not configured)",
                report.total(),
                base.cases
            ));
        }
        if report.rate() + 1e-9 < base.rate {
            let failures: Vec<String> = report
                .failed
                .iter()
                .take(20)
                .map(|(c, why)| format!("    {c}: {why}"))
                .collect();
            regressions.push(format!(
                "{name}: {:.1}% < {:.1}%\n{}",
                report.rate(),
                base.rate,
                failures.join("\n")
            ));
        }
    }
    for report in &reports {
        if !conformance::baseline()
            .iter()
            .any(|b| b.name == report.name)
        {
            regressions.push(format!(
                "corpus {} is not in baseline.txt: record its rate and case count",
                report.name
            ));
        }
    }
    assert!(regressions.is_empty(), "{}", regressions.join("\n"));
}

/// Whether both database servers the database corpora run on are configured.
fn servers_configured() -> bool {
    ["REFRACT_TEST_POSTGRES_URL", "REFRACT_TEST_MYSQL_URL"]
        .iter()
        .all(|v| std::env::var_os(v).is_some())
}
