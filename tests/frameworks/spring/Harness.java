// The Spring harness of tests/frameworks/run.mjs: Jetty 9 and spring-web
// from Debian's packages (Maven Central is not reachable here). For each
// line of the file named by its argument, one server on 127.0.0.1:
//
//   PACKAGE <tab> PORT <tab> STATUS <tab> NAME <tab> VALUE ...   (every field URL-encoded)
//
// PACKAGE.CorsConfig is corsim's generated configuration (an empty PACKAGE:
// none); its corsFilter() goes in front of a servlet that answers every
// request with STATUS and the headers (STATUS -1: 404, as the simulator).

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

public class Harness {
    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static class Answer extends HttpServlet {
        final int status;
        final List<String[]> headers;

        Answer(int status, List<String[]> headers) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            if (status < 0) {
                response.setStatus(404);
                return;
            }
            response.setStatus(status);
            // Jetty's own fields, so that a value is sent as it is (addHeader
            // would rewrite a Content-Type as `text/html;charset=utf-8`).
            HttpFields fields = ((Response) response).getHttpFields();
            for (String[] header : headers) {
                fields.add(header[0], header[1]);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<Server> servers = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get(args[0]))) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            String pkg = decode(fields[0]);
            int port = Integer.parseInt(fields[1]);
            int status = Integer.parseInt(fields[2]);
            List<String[]> headers = new ArrayList<>();
            for (int i = 3; i + 1 < fields.length; i += 2) {
                headers.add(new String[] {decode(fields[i]), decode(fields[i + 1])});
            }
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            if (!pkg.isEmpty()) {
                Object config = Class.forName(pkg + ".CorsConfig").getDeclaredConstructor().newInstance();
                Filter filter = (Filter) config.getClass().getMethod("corsFilter").invoke(config);
                context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            context.addServlet(new ServletHolder(new Answer(status, headers)), "/*");
            Server server = new Server(new InetSocketAddress("127.0.0.1", port));
            server.setHandler(context);
            server.start();
            servers.add(server);
        }
        System.out.println("ready");
        for (Server server : servers) {
            server.join();
        }
    }
}
