package dev.fathom.dashboard.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.fathom.dashboard.fleet.FleetView;

/**
 * The frame around every view: title bar and the navigation drawer. A new view adds its route
 * with {@code layout = MainLayout.class} and one {@link SideNavItem} here.
 */
public class MainLayout extends AppLayout {

    public MainLayout() {
        H1 title = new H1("Fathom");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");

        SideNav navigation = new SideNav();
        navigation.addItem(new SideNavItem("Fleet", FleetView.class, VaadinIcon.SERVER.create()));

        addToNavbar(new DrawerToggle(), title);
        addToDrawer(navigation);
    }
}
