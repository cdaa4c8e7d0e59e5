package io.github.modalemulator.examples.wsgi;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import jakarta.servlet.Servlet;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The seed's "Flask, Django, etc.": a whole framework behind {@code @WsgiApp}. Any framework built
 * on the Servlet API works the same way; this one is Jersey (JAX-RS), with Jackson for JSON. The
 * function builds the framework's servlet; the emulator deploys it once per container.
 */
@App("example-jersey")
public class JerseyApp {

  /** A JSON body and answer, bound by Jersey's Jackson support. */
  public record Item(String name, double price) {}

  /** The resource: an in-memory store that lives as long as its container. */
  @Path("/")
  public static class Items {
    private final Map<Integer, Item> store = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String index() {
      return "Hello from Jersey!";
    }

    @POST
    @Path("items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(Item item, @jakarta.ws.rs.core.Context UriInfo uri) {
      int id = nextId.getAndIncrement();
      store.put(id, item);
      return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(id)).build())
          .entity(item)
          .build();
    }

    @GET
    @Path("items/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Item read(@PathParam("id") int id) {
      Item item = store.get(id);
      if (item == null) {
        throw new NotFoundException("no item " + id);
      }
      return item;
    }
  }

  @Function
  @WsgiApp
  public static Servlet createApp() {
    return new ServletContainer(
        new ResourceConfig().register(new Items()).register(JacksonFeature.class));
  }
}
