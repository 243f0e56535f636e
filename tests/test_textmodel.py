"""TextModel drives the real SDK over real HTTP against the fake service's text endpoints."""
from __future__ import annotations


import pydantic
import pytest

from fake_openai import Scripted, TextCutOff, TextRefusal, rate_limited, refusal, request_schema, request_texts, server_error, unauthorized
from generation.errors import (
    GenerationError,
    KeyRejectedError,
    RateLimitedError,
    RefusedError,
    ServiceError,
    TimedOutError,
    UnreachableError,
)
from generation.text.textmodel import DEFAULT_TEXT_MODEL, TextModel
from model.errors import BadInputError

KEY = "sk-test-secret-0123456789abcdef"


class Greeting(pydantic.BaseModel):
    word: str
    times: int


def _model(service, **kw) -> TextModel:
    return TextModel(api_key=KEY, base_url=service.base_url, **kw)


def _ask(model: TextModel) -> Greeting:
    return model.parse(instructions="Greet in Chinese.", input="say hello twice", schema=Greeting)


def test_a_structured_answer_comes_back_as_the_schema_through_the_responses_api(fake_openai):
    seen = []
    fake_openai.text_responder = lambda body: seen.append(body) or {"word": "你好: //#**", "times": 2}
    model = _model(fake_openai)
    assert _ask(model) == Greeting(word="你好: //#**", times=2)
    (req,) = fake_openai.requests
    assert req.path == "/v1/responses" and req.status == 200
    assert req.fields["model"] == DEFAULT_TEXT_MODEL == model.model
    assert request_texts(seen[0]) == ("Greet in Chinese.", "say hello twice")
    assert req.fields["text"]["format"]["type"] == "json_schema" and req.fields["text"]["format"]["strict"] is True
    assert set(request_schema(seen[0])["properties"]) == {"word", "times"}
    assert model.requests_sent == 1
    assert req.headers["authorization"] == f"Bearer {KEY}"


def test_a_server_without_the_responses_api_is_asked_through_chat_completions_from_then_on(fake_openai):
    fake_openai.responses_api = False
    fake_openai.text_responder = lambda body: {"word": request_texts(body)[1], "times": len(body["messages"])}
    model = _model(fake_openai, model="llama3.2")
    assert _ask(model) == Greeting(word="say hello twice", times=2)
    assert _ask(model).times == 2
    assert [(r.path, r.status) for r in fake_openai.requests] == [
        ("/v1/responses", 404), ("/v1/chat/completions", 200), ("/v1/chat/completions", 200)]
    assert fake_openai.requests[1].fields["model"] == "llama3.2"
    assert fake_openai.requests[1].fields["response_format"]["type"] == "json_schema"
    assert model.requests_sent == 3


@pytest.mark.parametrize("chat", [False, True])
def test_the_models_refusal_is_one_sentence_with_its_reason(fake_openai, chat):
    fake_openai.responses_api = not chat
    fake_openai.text_responder = lambda body: TextRefusal("I can't help with that.")
    with pytest.raises(RefusedError, match="refused this request \\(“I can't help with that”\\); try rewording") as err:
        _ask(_model(fake_openai))
    assert "\n" not in str(err.value)


def test_a_moderation_block_is_a_refusal(fake_openai):
    fake_openai.text_responder = lambda body: {"word": "x", "times": 1}
    fake_openai.script(refusal())
    with pytest.raises(RefusedError, match="safety system refused"):
        _ask(_model(fake_openai))


def test_a_rate_limit_is_retried_by_the_sdk(fake_openai):
    fake_openai.text_responder = lambda body: {"word": "hi", "times": 1}
    fake_openai.script(rate_limited(), rate_limited())
    model = _model(fake_openai)
    assert _ask(model).word == "hi"
    assert [r.status for r in fake_openai.requests] == [429, 429, 200]
    assert model.requests_sent == 3


def test_rate_limited_after_every_retry_says_so(fake_openai):
    fake_openai.text_responder = lambda body: {"word": "hi", "times": 1}
    fake_openai.script(rate_limited(), rate_limited(), rate_limited())
    with pytest.raises(RateLimitedError, match="after 2 retries"):
        _ask(_model(fake_openai))
    assert len(fake_openai.requests) == 3


def test_server_errors_and_a_rejected_key_are_explained(fake_openai):
    fake_openai.text_responder = lambda body: {"word": "hi", "times": 1}
    fake_openai.script(server_error(), server_error())
    with pytest.raises(ServiceError, match="HTTP 500"):
        _ask(_model(fake_openai, max_retries=1))
    fake_openai.script(unauthorized())
    with pytest.raises(KeyRejectedError, match="key was rejected"):
        _ask(_model(fake_openai))


@pytest.mark.parametrize("answer", ['{"word": "hi", "times": ', "not json at all", '{"word": "hi"}', "[1, 2]"])
def test_an_answer_that_is_not_the_schema_is_one_sentence(fake_openai, answer):
    fake_openai.text_responder = lambda body: answer if isinstance(answer, str) else answer
    with pytest.raises(ServiceError, match="^The text model's answer was not in the expected form; try again"):
        _ask(_model(fake_openai))


def test_an_empty_answer_is_one_sentence(fake_openai):
    fake_openai.text_responder = lambda body: ""
    with pytest.raises(ServiceError, match="answer was not in the expected form|empty answer"):
        _ask(_model(fake_openai))


@pytest.mark.parametrize("chat", [False, True])
def test_an_answer_cut_off_at_the_token_limit_says_so(fake_openai, chat):
    fake_openai.responses_api = not chat
    fake_openai.text_responder = lambda body: TextCutOff()
    with pytest.raises(ServiceError, match="^The text model's answer was cut off before it was complete; try asking for less"):
        _ask(_model(fake_openai))


def test_an_unknown_model_is_named(fake_openai):
    fake_openai.script(Scripted(404, {"error": {"message": "The model `nope` does not exist.", "type": "invalid_request_error",
                                                "param": None, "code": "model_not_found"}}))
    with pytest.raises(ServiceError, match="does not offer the model nope"):
        _ask(_model(fake_openai, model="nope"))
    assert len(fake_openai.requests) == 1  # not mistaken for a missing Responses API


def test_a_timeout_and_an_unreachable_server_are_one_sentence(fake_openai):
    fake_openai.hold()  # the service never answers: only the client's own timeout ends the wait
    fake_openai.text_responder = lambda body: {"word": "hi", "times": 1}
    with pytest.raises(TimedOutError, match="did not answer in time"):
        _ask(_model(fake_openai, timeout=0.2, max_retries=0))
    fake_openai.release()
    with pytest.raises(UnreachableError, match="Could not reach the text service at 127.0.0.1:9"):
        _ask(TextModel(api_key=KEY, base_url="http://127.0.0.1:9/v1", max_retries=0))


def test_no_key_anywhere_is_one_sentence_naming_the_purpose(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(BadInputError, match="^Drafting a script needs an OpenAI API key: set OPENAI_API_KEY"):
        TextModel(purpose="Drafting a script")


def test_the_base_url_comes_from_openai_base_url_when_not_given(fake_openai, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake_openai.text_responder = lambda body: {"word": "env", "times": 1}
    assert _ask(TextModel(api_key=KEY)).word == "env"
    assert len(fake_openai.requests) == 1


def test_the_key_never_appears_in_an_error_even_when_the_service_echoes_it(fake_openai):
    fake_openai.text_responder = lambda body: {"word": "hi", "times": 1}
    echoed = {"error": {"message": f"Incorrect API key provided: {KEY}.", "type": "invalid_request_error",
                        "param": None, "code": None}}
    failures = [Scripted(400, echoed), Scripted(403, echoed), Scripted(418, echoed), unauthorized(), refusal()]
    for failure in failures:
        fake_openai.script(failure)
        with pytest.raises(GenerationError) as err:
            _ask(_model(fake_openai, max_retries=0))
        assert KEY not in str(err.value) and KEY not in repr(err.value.args)
        assert err.value.__cause__ is None and err.value.__suppress_context__
    for rec in fake_openai.requests:
        assert KEY not in str(rec.fields)
