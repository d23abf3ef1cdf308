package dev.switchboard.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson mappers that leave nothing behind in the container's threads. By default Jackson keeps a
 * buffer recycler per thread in a {@code ThreadLocal}; in a container worker thread that outlives
 * the application, that buffer (a class of this WAR's Jackson) pins the WAR's class loader after
 * undeploy, so each redeploy kept another copy of every class (the redeploy test saw about 800
 * classes more per cycle). A pool shared by this deployment's mappers goes with the deployment.
 */
public final class JsonMappers {

    private JsonMappers() {}

    public static ObjectMapper create() {
        return new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    }
}
