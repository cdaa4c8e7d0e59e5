package io.github.modalemulator.examples.jobs;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.HttpException;
import io.github.modalemulator.NotFoundError;
import io.github.modalemulator.Query;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.TimeoutError;
import java.util.Locale;
import java.util.Map;

/**
 * A job queue: a web front hands slow work to a backend function and its clients poll for the
 * result, the shape of the cloud's {@code poll_delayed_result.py} and {@code
 * web_job_queue_wrapper.py}.
 *
 * <pre>
 * &#64;app.function(timeout=60)
 * def process(input: str) -&gt; dict:
 *     time.sleep(2)
 *     return {"output": input.upper(), "length": len(input)}
 *
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint(method="POST")
 * def submit(job: Job):
 *     call = process.spawn(job.input)
 *     return {"call_id": call.object_id}
 *
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint()
 * def result(call_id: str):
 *     try:
 *         return modal.FunctionCall.from_id(call_id).get(timeout=0)
 *     except TimeoutError:
 *         raise HTTPException(202, "running")
 *     except modal.exception.NotFoundError:
 *         raise HTTPException(404, f"no job {call_id}")
 * </pre>
 */
@App("example-job-queue")
public class JobQueueApp {
  /** What a client posts: {@code {"input": "..."}}. */
  public record Job(String input) {}

  /** What a job gives back. */
  public record Processed(String output, int length) {}

  /** How long a job works: about two seconds, as a model's inference might. */
  static final long WORK_MILLIS = 2_000;

  /** The backend: no web annotation, so code calls it; each call is an input to its containers. */
  @Function(timeout = 60)
  public static Processed process(String input) throws InterruptedException {
    Thread.sleep(WORK_MILLIS);
    return new Processed(input.toUpperCase(Locale.ROOT), input.length());
  }

  /** Starts a job and answers its id at once: {@code {"call_id": "fc-..."}}. */
  @Function
  @FastapiEndpoint(method = "POST")
  public static Map<String, String> submit(Job job) {
    FunctionCall<Processed> call = RemoteFunction.of(JobQueueApp::process).spawn(job.input());
    return Map.of("call_id", call.objectId());
  }

  /** {@code 202} while the job runs, {@code 200} with its result when done, {@code 404} if none. */
  @Function
  @FastapiEndpoint
  public static Processed result(@Query("call_id") String callId) {
    try {
      return FunctionCall.fromId(callId, Processed.class).get(0);
    } catch (TimeoutError running) {
      throw new HttpException(202, "running");
    } catch (NotFoundError unknown) {
      throw new HttpException(404, "no job " + callId);
    }
  }
}
