//! Walking a paginated list (`itemsPerPage`/`pageNum` in, `results` + `totalCount` out).
//!
//! A walk stops at `totalCount` (a server that caps the page size below what was asked is
//! walked to it, short pages and all), at an empty page, at a page shorter than the page size
//! (or than the first page) when the server sends no `totalCount`, at a page identical to
//! the one before, and after at most [`MAX_PAGES`] pages, so a server that misreports
//! `totalCount` or repeats itself cannot keep it going forever. Reaching `MAX_PAGES` ends the
//! stream without an error: a list that long is read a page range at a time, with `pageNum`.

use std::pin::Pin;

use futures_core::Stream;
use futures_util::{stream, TryStreamExt};

use crate::error::Error;
use crate::response::ResponseFuture;

/// A stream of pages or items; errors end it.
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// The most pages one walk fetches.
pub const MAX_PAGES: i64 = 10_000;

/// A list operation's request builder, as the walk needs it.
#[doc(hidden)]
pub trait ListCall: Clone + Send + 'static {
    type Item: Clone + PartialEq + Send + 'static;
    type Page: Send + 'static;
    /// The same request for page `page_num` (1-based).
    fn with_page(self, page_num: i64) -> Self;
    /// The page number the caller set, if any.
    fn first_page(&self) -> Option<i64>;
    /// The page size the caller set, if any.
    fn page_size(&self) -> Option<i64>;
    fn fetch(self) -> ResponseFuture<Self::Page>;
    /// The page's items and `totalCount`.
    fn split(page: Self::Page) -> (Vec<Self::Item>, Option<i64>);
}

struct Walk<L: ListCall> {
    call: L,
    /// The page the walk started at: `totalCount` counts the pages before it too.
    first_page: i64,
    page_num: i64,
    fetched: i64,
    seen: i64,
    /// The longest page so far: the server's page size, to count the items before `first_page`.
    longest: i64,
    first_len: Option<usize>,
    previous: Option<Vec<L::Item>>,
    done: bool,
}

impl<L: ListCall> Walk<L> {
    /// The items on the pages before the first one walked, as the longest page seen counts
    /// them: never more than the server skipped (a short last page undercounts, which costs at
    /// most the call that answers an empty page; an overcount would end the walk early).
    fn skipped(&self) -> i64 {
        (self.first_page - 1).saturating_mul(self.longest)
    }
}

/// Every page from the caller's `pageNum` (else 1) on.
#[doc(hidden)]
pub fn pages<L: ListCall>(call: L) -> PageStream<Vec<L::Item>> {
    let page_num = call.first_page().unwrap_or(1).max(1);
    let walk = Walk {
        call,
        first_page: page_num,
        page_num,
        fetched: 0,
        seen: 0,
        longest: 0,
        first_len: None,
        previous: None,
        done: false,
    };
    Box::pin(stream::unfold(walk, |mut walk| async move {
        if walk.done || walk.fetched >= MAX_PAGES {
            return None;
        }
        let page = walk.call.clone().with_page(walk.page_num).fetch().await;
        walk.fetched += 1;
        walk.page_num += 1;
        let (items, total) = match page {
            Ok(page) => L::split(page),
            Err(error) => {
                walk.done = true;
                return Some((Err(error), walk));
            }
        };
        if items.is_empty() || walk.previous.as_ref() == Some(&items) {
            return None;
        }
        walk.seen += items.len() as i64;
        walk.longest = walk.longest.max(items.len() as i64);
        let first_len = *walk.first_len.get_or_insert(items.len());
        // A short page ends the walk only when nothing says more exist: a server that caps
        // the page size below what was asked answers short pages all the way to `totalCount`.
        let short = walk.call.page_size().is_some_and(|size| (items.len() as i64) < size) || items.len() < first_len;
        walk.done = match total {
            Some(total) => walk.skipped() + walk.seen >= total,
            None => short,
        };
        walk.previous = Some(items.clone());
        Some((Ok(items), walk))
    }))
}

/// Every item of every page.
#[doc(hidden)]
pub fn items<L: ListCall>(call: L) -> PageStream<L::Item> {
    Box::pin(pages(call).map_ok(|page| stream::iter(page.into_iter().map(Ok))).try_flatten())
}

#[cfg(test)]
mod tests {
    use futures_util::TryStreamExt;

    use super::{pages, ListCall, MAX_PAGES};
    use crate::response::ResponseFuture;

    /// A list whose every page holds one new item and no `totalCount`: it never ends.
    #[derive(Clone)]
    struct Endless {
        page: i64,
    }

    impl ListCall for Endless {
        type Item = i64;
        type Page = Vec<i64>;
        fn with_page(self, page_num: i64) -> Self {
            Self { page: page_num }
        }
        fn first_page(&self) -> Option<i64> {
            None
        }
        fn page_size(&self) -> Option<i64> {
            None
        }
        fn fetch(self) -> ResponseFuture<Vec<i64>> {
            Box::pin(async move { Ok(vec![self.page]) })
        }
        fn split(page: Vec<i64>) -> (Vec<i64>, Option<i64>) {
            (page, None)
        }
    }

    #[tokio::test]
    async fn a_walk_stops_after_max_pages() {
        let walked: Vec<Vec<i64>> = pages(Endless { page: 0 }).try_collect().await.expect("no error");
        assert_eq!(walked.len() as i64, MAX_PAGES);
        assert_eq!(walked.last(), Some(&vec![MAX_PAGES]), "pages 1 to MAX_PAGES, in order");
    }
}
