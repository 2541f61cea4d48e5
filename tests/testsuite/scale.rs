//! Large sites: what the protocols and readers' devices limit.

use crate::assert_contains;
use crate::harness::Dossier;

#[test]
fn a_site_of_more_than_50000_urls_has_a_sitemap_index() {
    let d = Dossier::fixture("minimal");
    let mut csv = String::from("id,title,date,sources\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "bulk-{i},Event {i},2020-01-{:02},nbc-2020\n",
            1 + i % 28
        ));
    }
    d.write("data/incidents/bulk.csv", csv);
    d.build();
    // The index names every part; each part holds at most 50,000 URLs,
    // and together they hold every page once.
    let index = d.output("sitemap.xml");
    assert_contains!(
        index,
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
        "<sitemap><loc>https://example.org/sitemap-1.xml</loc></sitemap>",
        "<sitemap><loc>https://example.org/sitemap-2.xml</loc></sitemap>"
    );
    assert!(!index.contains("sitemap-3.xml"), "{index}");
    let one = d.output("sitemap-1.xml");
    let two = d.output("sitemap-2.xml");
    assert_eq!(one.matches("<url>").count(), 50_000);
    assert!(two.matches("<url>").count() > 0);
    for part in [&one, &two] {
        assert!(part.starts_with("<?xml"), "{}", &part[..100]);
        assert!(part.trim_end().ends_with("</urlset>"));
    }
    let all = format!("{one}{two}");
    assert_eq!(
        all.matches("<loc>https://example.org/events/bulk-49999/</loc>")
            .count(),
        1
    );
    assert_eq!(all.matches("<loc>https://example.org/</loc>").count(), 1);
}

#[test]
fn a_small_site_has_one_sitemap() {
    let d = Dossier::fixture("minimal");
    d.build();
    assert_contains!(d.output("sitemap.xml"), "<urlset");
    assert!(!d.root.join("public/sitemap-1.xml").exists());
}
