//! Walking list operations page by page against a local server, including servers that
//! misreport `totalCount` or repeat pages.

mod support;

use futures_util::TryStreamExt;
use serde_json::json;
use support::{builder, GROUP};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn clusters(names: &[&str], total: i64) -> ResponseTemplate {
    let results: Vec<_> = names.iter().map(|n| json!({"name": n})).collect();
    let body = json!({"results": results, "totalCount": total, "links": []});
    ResponseTemplate::new(200).set_body_raw(body.to_string().into_bytes(), "application/vnd.atlas.2024-08-05+json")
}

/// A server that answers page `n` (from `pageNum`) with `pages(n)`.
async fn list_server(pages: impl Fn(usize) -> ResponseTemplate + Send + Sync + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(move |request: &Request| {
            let page = request.url.query_pairs().find(|(k, _)| k == "pageNum").map_or(1, |(_, v)| v.parse().unwrap());
            pages(page)
        })
        .mount(&server)
        .await;
    server
}

async fn pages_requested(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().map(|r| r.url.query().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn three_pages_stream_completely() {
    let server = list_server(|page| match page {
        1 => clusters(&["a", "b"], 5),
        2 => clusters(&["c", "d"], 5),
        3 => clusters(&["e"], 5),
        _ => panic!("page {page} should not be requested"),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let all: Vec<_> =
        client.clusters().list_clusters(GROUP).items_per_page(2).into_stream().try_collect().await.unwrap();
    let names: Vec<_> = all.iter().map(|c| c.name.clone().unwrap()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        pages_requested(&server).await,
        ["itemsPerPage=2&pageNum=1", "itemsPerPage=2&pageNum=2", "itemsPerPage=2&pageNum=3"]
    );
}

#[tokio::test]
async fn pages_come_one_vec_each_and_start_where_asked() {
    let server = list_server(|page| match page {
        2 => clusters(&["c", "d"], 4),
        _ => clusters(&[], 4),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let pages: Vec<Vec<_>> = client.clusters().list_clusters(GROUP).page_num(2).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].len(), 2);
}

/// `totalCount` counts the items before the page a walk starts at: a walk from page 2 of 5
/// items, 2 a page, ends with page 3 (items 3 to 5 of 5) instead of asking for page 4.
#[tokio::test]
async fn a_walk_from_a_later_page_counts_the_pages_before_it() {
    let server = list_server(|page| match page {
        2 => clusters(&["c", "d"], 5),
        3 => clusters(&["e"], 5),
        _ => panic!("page {page} should not be requested"),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let call = client.clusters().list_clusters(GROUP).items_per_page(2).page_num(2);
    let all: Vec<_> = call.into_stream().try_collect().await.unwrap();
    let names: Vec<_> = all.iter().map(|c| c.name.clone().unwrap()).collect();
    assert_eq!(names, ["c", "d", "e"]);
    assert_eq!(pages_requested(&server).await, ["itemsPerPage=2&pageNum=2", "itemsPerPage=2&pageNum=3"]);
}

#[tokio::test]
async fn a_server_repeating_one_page_with_a_huge_total_does_not_loop() {
    let server = list_server(|_| clusters(&["a", "b"], 1_000_000)).await;
    let client = builder(&server).build().unwrap();
    let all: Vec<_> = client.clusters().list_clusters(GROUP).into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 2, "the repeated page is not yielded again");
    assert_eq!(pages_requested(&server).await.len(), 2);
}

#[tokio::test]
async fn a_total_larger_than_the_data_ends_at_the_empty_page() {
    let server = list_server(|page| match page {
        1 | 2 => clusters(&[if page == 1 { "a" } else { "b" }, if page == 1 { "b" } else { "c" }], 50),
        3 => clusters(&[], 50),
        _ => panic!("page {page} should not be requested"),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let all: Vec<_> = client.clusters().list_clusters(GROUP).into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(pages_requested(&server).await.len(), 3);

    // A short page does not end the walk while `totalCount` says more exist (a server may
    // cap its page size): the empty page after it does.
    let server = list_server(|page| match page {
        1 => clusters(&["a", "b", "c"], 50),
        2 => clusters(&["d"], 50),
        3 => clusters(&[], 50),
        _ => panic!("page {page} should not be requested: page 3 was empty"),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let all: Vec<_> = client.clusters().list_clusters(GROUP).into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(pages_requested(&server).await.len(), 3);
}

#[tokio::test]
async fn a_total_smaller_than_the_data_stops_at_the_total() {
    let server = list_server(|page| match page {
        1 => clusters(&["a", "b"], 2),
        _ => panic!("page {page} should not be requested"),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let all: Vec<_> =
        client.clusters().list_clusters(GROUP).items_per_page(2).into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_with_the_error() {
    let server = list_server(|page| match page {
        1 => clusters(&["a", "b"], 10),
        _ => ResponseTemplate::new(404),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let result: Result<Vec<_>, _> =
        client.clusters().list_clusters(GROUP).items_per_page(2).into_stream().try_collect().await;
    assert!(result.expect_err("page 2 fails").is_not_found());
}
