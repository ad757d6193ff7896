//! A fake Atlas spoken to as raw HTTP, as the recorded traffic spoke to Atlas: signed with an
//! organization's API key (Digest), so the events of its calls name that key as Atlas's do.

use std::sync::Mutex;

use atlas_api::fake::FakeAtlas;
use atlas_api::mock::MockAtlas;
use atlas_api::Credentials;
use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use serde_json::Value;

/// The API key the session signs with (Atlas's public keys are eight lower-case letters).
const PUBLIC_KEY: &str = "parityke";
const PRIVATE_KEY: &str = "0c3f5a7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b";

/// A fake, and the Digest challenge its requests answer.
pub struct Session {
    fake: FakeAtlas,
    http: reqwest::Client,
    challenge: Mutex<WwwAuthenticateHeader>,
}

/// An answer of the fake.
pub struct Answer {
    pub status: u16,
    /// The body, when it is JSON.
    pub body: Option<Value>,
    pub text: String,
}

impl Session {
    pub async fn start() -> Result<Self, String> {
        let credentials = Credentials::api_key(PUBLIC_KEY, PRIVATE_KEY);
        let fake = FakeAtlas::start_from(MockAtlas::builder().credentials(credentials)).await;
        let http = atlas_api::http_client_builder().build().map_err(|e| e.to_string())?;
        // The first leg of Digest: a 401 with the challenge every later request answers.
        let response = http
            .get(format!("{}/api/atlas/v2/orgs/{}", fake.uri(), FakeAtlas::ORG_ID))
            .header("accept", "application/vnd.atlas.2023-01-01+json")
            .send()
            .await
            .map_err(|e| format!("the fake's Digest challenge: {e}"))?;
        let challenge = response.headers().get("www-authenticate").and_then(|h| h.to_str().ok());
        let challenge = challenge.ok_or("the fake answered no Digest challenge")?;
        let challenge = digest_auth::parse(challenge).map_err(|e| format!("the fake's Digest challenge: {e}"))?;
        Ok(Self { fake, http, challenge: Mutex::new(challenge) })
    }

    pub fn fake(&self) -> &FakeAtlas {
        &self.fake
    }

    /// Sends `method path_and_query` at the dated `version` (its `Accept`, and its
    /// `Content-Type` for a body).
    pub async fn send(
        &self,
        method: &str,
        path_and_query: &str,
        version: &str,
        body: Option<&[u8]>,
    ) -> Result<Answer, String> {
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let media = format!("application/vnd.atlas.{version}+json");
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path_and_query}", self.fake.uri()))
            .header("authorization", self.sign(method.as_str(), path_and_query)?)
            .header("accept", &media);
        if let Some(body) = body {
            request = request.header("content-type", &media).body(body.to_vec());
        }
        let response = request.send().await.map_err(|e| format!("{method} {path_and_query}: {e}"))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| format!("{method} {path_and_query}: {e}"))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(Answer { status, body: serde_json::from_slice(&bytes).ok(), text })
    }

    /// The Digest answer for a request of `method` to `target` (its path and query as sent).
    fn sign(&self, method: &str, target: &str) -> Result<String, String> {
        let context =
            AuthContext::new_with_method(PUBLIC_KEY, PRIVATE_KEY, target, None::<&[u8]>, HttpMethod::from(method));
        let mut challenge = self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let answer = challenge.respond(&context).map_err(|e| format!("{method} {target}: Digest: {e}"))?;
        Ok(format!("Digest {answer}"))
    }

    /// What the fake's mock found wrong with the requests so far (a body Atlas would refuse,
    /// a path it does not know), which then no longer fail anything.
    pub fn take_problems(&self) -> Vec<String> {
        self.fake.take_problems()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The mock panics on drop with unread problems: they were reported, or do not matter.
        self.fake.take_problems();
    }
}
