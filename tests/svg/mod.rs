//! Reading the figures' SVG in tests: what the tests check of a curve is its polyline.
#![allow(dead_code, clippy::unwrap_used)] // each test binary uses part of it

/// The polylines of an SVG: (stroke colour, points).
pub fn polylines(document: &roxmltree::Document<'_>) -> Vec<(String, Vec<(f64, f64)>)> {
    document
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(|n| {
            let points = n
                .attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            (n.attribute("stroke").unwrap().to_owned(), points)
        })
        .collect()
}
